package io.tandem.cib;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Reads and writes CIB XML. Parsing keeps the line of every start tag so that later checks can name it. */
public final class CibXml {
    private CibXml() {
    }

    public static CibElement parse(Path file) throws CibParseException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    public static CibElement parse(String xml, String sourceName) throws CibParseException {
        try {
            return parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), sourceName);
        } catch (IOException e) {
            throw new CibParseException(sourceName, 0, "", e.getMessage());
        }
    }

    public static CibElement parse(InputStream in, String sourceName) throws CibParseException, IOException {
        Builder builder = new Builder();
        try {
            SAXParser parser = factory().newSAXParser();
            parser.parse(in, builder);
        } catch (SAXParseException e) {
            throw new CibParseException(sourceName, e.getLineNumber(), builder.currentName(), "not well-formed XML: " + e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            throw new CibParseException(sourceName, 0, builder.currentName(), e.getMessage());
        }
        if (builder.root == null) {
            throw new CibParseException(sourceName, 0, "", "no root element");
        }
        return builder.root;
    }

    private static SAXParserFactory factory() throws ParserConfigurationException, SAXException {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(false);
        // A CIB never needs a DTD or external entity; refusing them closes XXE and billion-laughs.
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f;
    }

    private static final class Builder extends DefaultHandler {
        private final Deque<Frame> stack = new ArrayDeque<>();
        private Locator locator;
        private CibElement root;

        private static final class Frame {
            final String name;
            final AttrMap attrs;
            final int line;
            /** Created on the first child: most elements of a CIB are leaves. */
            List<CibElement> children;

            Frame(String name, AttrMap attrs, int line) {
                this.name = name;
                this.attrs = attrs;
                this.line = line;
            }
        }

        /**
         * Short values repeat throughout a CIB (operation names, return codes, agent names, feature sets): one
         * String per distinct value keeps a large status section much smaller, which makes garbage collection
         * of a parsed CIB cheaper.
         */
        private final Map<String, String> values = new HashMap<>();

        private String shared(String v) {
            if (v.length() > 24) {
                return v;
            }
            String s = values.putIfAbsent(v, v);
            return s == null ? v : s;
        }

        String currentName() {
            return stack.isEmpty() ? "" : stack.peek().name;
        }

        @Override
        public void setDocumentLocator(Locator l) {
            this.locator = l;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes a) {
            // XML forbids repeated attribute names, so the pairs can be taken as they come
            String[] kv = new String[a.getLength() * 2];
            for (int i = 0; i < a.getLength(); i++) {
                kv[2 * i] = a.getQName(i);
                kv[2 * i + 1] = shared(a.getValue(i));
            }
            stack.push(new Frame(qName, AttrMap.owning(kv), locator == null ? 0 : locator.getLineNumber()));
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            Frame f = stack.pop();
            CibElement e = new CibElement(f.name, f.attrs, f.children == null ? List.of() : f.children, f.line);
            if (stack.isEmpty()) {
                root = e;
            } else {
                Frame parent = stack.peek();
                if (parent.children == null) {
                    parent.children = new ArrayList<>();
                }
                parent.children.add(e);
            }
        }
    }

    /** Serialises with two-space indentation, attributes in their order, one element per line. */
    public static String toXml(CibElement e) {
        StringBuilder sb = new StringBuilder();
        write(e, 0, sb);
        return sb.toString();
    }

    /** The canonical one-line form used for digests: no indentation, attributes in their order. */
    public static String toCompactXml(CibElement e) {
        StringBuilder sb = new StringBuilder();
        writeCompact(e, sb);
        return sb.toString();
    }

    private static void write(CibElement e, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append('<').append(e.name());
        appendAttributes(e, sb);
        if (e.children().isEmpty()) {
            sb.append("/>\n");
            return;
        }
        sb.append(">\n");
        for (CibElement c : e.children()) {
            write(c, depth + 1, sb);
        }
        sb.append("  ".repeat(depth)).append("</").append(e.name()).append(">\n");
    }

    private static void writeCompact(CibElement e, StringBuilder sb) {
        sb.append('<').append(e.name());
        appendAttributes(e, sb);
        if (e.children().isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (CibElement c : e.children()) {
            writeCompact(c, sb);
        }
        sb.append("</").append(e.name()).append('>');
    }

    private static void appendAttributes(CibElement e, StringBuilder sb) {
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            sb.append(' ').append(a.getKey()).append("=\"");
            escape(a.getValue(), sb);
            sb.append('"');
        }
    }

    private static void escape(String v, StringBuilder sb) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(c);
            }
        }
    }
}
