package io.tandem.executor;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * An agent's parsed meta-data ({@code <resource-agent>}, OCF 1.0 and 1.1), plus the XML it came from.
 *
 * @param name             the {@code name} attribute (normally the agent type)
 * @param ocfVersion       the {@code <version>} element: the OCF API version the agent claims, empty if absent
 * @param agentVersion     the {@code version} attribute: the agent's own version, empty if absent
 * @param shortDescription root shortdesc (English or first)
 * @param longDescription  root longdesc, trimmed
 * @param parameters       in document order
 * @param actions          in document order (a name may repeat with another depth, role or interval)
 * @param xml              the meta-data text as the agent printed it
 */
public record AgentMetadata(String name, String ocfVersion, String agentVersion, String shortDescription,
                            String longDescription, List<AgentParameter> parameters, List<AgentAction> actions,
                            String xml) {
    public AgentMetadata {
        Objects.requireNonNull(name, "name");
        ocfVersion = ocfVersion == null ? "" : ocfVersion;
        agentVersion = agentVersion == null ? "" : agentVersion;
        shortDescription = shortDescription == null ? "" : shortDescription;
        longDescription = longDescription == null ? "" : longDescription;
        parameters = List.copyOf(parameters);
        actions = List.copyOf(actions);
        xml = xml == null ? "" : xml;
    }

    public Optional<AgentParameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** The first action of that name without a role and with the lowest depth, or else the first of that name. */
    public Optional<AgentAction> action(String actionName) {
        return actions.stream().filter(a -> a.name().equals(actionName))
                .min((a, b) -> {
                    int byRole = Boolean.compare(!a.role().isEmpty(), !b.role().isEmpty());
                    return byRole != 0 ? byRole : Integer.compare(a.depth(), b.depth());
                });
    }

    public boolean supports(String actionName) {
        return actions.stream().anyMatch(a -> a.name().equals(actionName));
    }

    /**
     * Parses meta-data text. External DTDs are never fetched (the heartbeat agents declare
     * {@code ra-api-1.dtd}).
     *
     * @param source names the agent in error messages
     * @throws AgentMetadataException naming source, line and what is wrong
     */
    public static AgentMetadata parse(String xml, String source) {
        Objects.requireNonNull(xml, "xml");
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new AgentMetadataException(source + ": meta-data line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new AgentMetadataException(source + ": meta-data does not parse: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"resource-agent".equals(root.getTagName())) {
            throw new AgentMetadataException(source + ": meta-data root element is <" + root.getTagName()
                    + ">, expected <resource-agent>");
        }
        String name = root.getAttribute("name");
        if (name.isEmpty()) {
            throw new AgentMetadataException(source + ": <resource-agent> has no name attribute");
        }
        List<AgentParameter> params = new ArrayList<>();
        Element parametersElement = child(root, "parameters");
        if (parametersElement != null) {
            for (Element p : children(parametersElement, "parameter")) {
                params.add(parameter(p, source));
            }
        }
        List<AgentAction> actions = new ArrayList<>();
        Element actionsElement = child(root, "actions");
        if (actionsElement != null) {
            for (Element a : children(actionsElement, "action")) {
                actions.add(action(a, source));
            }
        }
        Element version = child(root, "version");
        return new AgentMetadata(name, version == null ? "" : version.getTextContent().trim(),
                root.getAttribute("version"), description(root, "shortdesc", root.getAttribute("shortdesc")),
                description(root, "longdesc", ""), params, actions, xml);
    }

    private static AgentParameter parameter(Element p, String source) {
        String name = p.getAttribute("name");
        if (name.isEmpty()) {
            throw new AgentMetadataException(source + ": a <parameter> has no name");
        }
        Element content = child(p, "content");
        String type = content == null ? "" : content.getAttribute("type");
        String def = content == null ? "" : content.getAttribute("default");
        List<String> options = new ArrayList<>();
        if (content != null) {
            for (Element o : children(content, "option")) {
                options.add(o.getAttribute("value"));
            }
        }
        boolean deprecated = child(p, "deprecated") != null || flag(p, "deprecated");
        return new AgentParameter(name, type, def, flag(p, "required"), flag(p, "unique"), flag(p, "reloadable"),
                deprecated, description(p, "shortdesc", ""), description(p, "longdesc", ""), options);
    }

    private static AgentAction action(Element a, String source) {
        String name = a.getAttribute("name");
        if (name.isEmpty()) {
            throw new AgentMetadataException(source + ": an <action> has no name");
        }
        int depth = 0;
        String d = a.getAttribute("depth").trim();
        if (!d.isEmpty()) {
            try {
                depth = Integer.parseInt(d);
            } catch (NumberFormatException e) {
                throw new AgentMetadataException(source + ": action " + name + ": depth '" + d + "' is not a number");
            }
        }
        return new AgentAction(name, duration(a, "timeout", source), duration(a, "interval", source),
                duration(a, "start-delay", source), depth, a.getAttribute("role"));
    }

    private static Duration duration(Element a, String attribute, String source) {
        String v = a.getAttribute(attribute).trim();
        if (v.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new AgentMetadataException(source + ": action " + a.getAttribute("name") + ": " + attribute + " '"
                    + v + "' is not a duration");
        }
    }

    private static boolean flag(Element e, String attribute) {
        String v = e.getAttribute(attribute).trim();
        return v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes");
    }

    /** The English text of the named child, else the first one, else the fallback. */
    private static String description(Element parent, String tag, String fallback) {
        String first = null;
        for (Element e : children(parent, tag)) {
            String text = e.getTextContent().strip();
            String lang = e.getAttribute("lang");
            if (lang.isEmpty() || lang.startsWith("en")) {
                return text;
            }
            if (first == null) {
                first = text;
            }
        }
        return first != null ? first : fallback;
    }

    private static Element child(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }
}
