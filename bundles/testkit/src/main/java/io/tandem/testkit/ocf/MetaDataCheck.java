package io.tandem.testkit.ocf;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * An agent's meta-data checked as ocf-tester checks it (against resource-agents' ra-api-1.dtd, see
 * {@link OcfChecker#validate}) and summarised for assertions: name, parameters and actions in document order.
 */
public record MetaDataCheck(String name, Set<String> parameters, Set<String> actions, Document document) {

    /** Parses and validates; a document that does not conform fails with the validator's problems. */
    public static MetaDataCheck parse(String xml) throws Exception {
        return parse(xml, OcfChecker.DEFAULT_DTD);
    }

    public static MetaDataCheck parse(String xml, Path dtd) throws Exception {
        List<String> problems = OcfChecker.validate(xml, dtd);
        if (!problems.isEmpty()) {
            throw new AssertionError("meta-data does not conform to " + dtd + ": " + problems);
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("resource-agent")) {
            throw new AssertionError("meta-data root is <" + root.getTagName() + ">, not <resource-agent>");
        }
        return new MetaDataCheck(root.getAttribute("name"), names(root, "parameter"), names(root, "action"), doc);
    }

    private static Set<String> names(Element root, String tag) {
        Set<String> out = new LinkedHashSet<>();
        NodeList list = root.getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            out.add(((Element) list.item(i)).getAttribute("name"));
        }
        return out;
    }
}
