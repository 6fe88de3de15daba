package io.tandem.agent.ping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Checks meta-data as ocf-tester does (xmllint --dtdvalid ra-api-1.dtd): the DTD is the one installed by
 * resource-agents; without it the document is only checked for being well-formed with the right root.
 */
final class MetaDataCheck {
    static final Path DTD = Path.of("/usr/share/resource-agents/ra-api-1.dtd");

    record MetaData(String name, Set<String> parameters, Set<String> actions, Document document) {}

    private MetaDataCheck() {}

    static MetaData parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        boolean haveDtd = Files.isReadable(DTD);
        factory.setValidating(haveDtd);
        DocumentBuilder builder = factory.newDocumentBuilder();
        List<String> errors = new ArrayList<>();
        builder.setEntityResolver((publicId, systemId) -> {
            if (systemId != null && systemId.endsWith("ra-api-1.dtd") && haveDtd) {
                return new InputSource(Files.newInputStream(DTD));
            }
            return new InputSource(new StringReader(""));
        });
        builder.setErrorHandler(new ErrorHandler() {
            @Override public void warning(SAXParseException e) {}
            @Override public void error(SAXParseException e) { errors.add("line " + e.getLineNumber() + ": " + e.getMessage()); }
            @Override public void fatalError(SAXParseException e) throws SAXParseException { throw e; }
        });
        Document doc = builder.parse(new InputSource(new StringReader(xml)));
        if (!errors.isEmpty()) {
            fail("meta-data is not valid against " + DTD + ": " + errors);
        }
        Element root = doc.getDocumentElement();
        assertEquals("resource-agent", root.getTagName());
        Set<String> parameters = new LinkedHashSet<>();
        NodeList ps = root.getElementsByTagName("parameter");
        for (int i = 0; i < ps.getLength(); i++) {
            parameters.add(((Element) ps.item(i)).getAttribute("name"));
        }
        Set<String> actions = new LinkedHashSet<>();
        NodeList as = root.getElementsByTagName("action");
        for (int i = 0; i < as.getLength(); i++) {
            actions.add(((Element) as.item(i)).getAttribute("name"));
        }
        return new MetaData(root.getAttribute("name"), parameters, actions, doc);
    }
}
