package io.tandem.executor.internal;

import io.tandem.executor.spi.ResourceAgent;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The service properties that Declarative Services would publish for a component, read from the
 * {@code OSGI-INF/<component>.xml} descriptor that bnd generated into the agent's jar. Tests hand an agent to
 * {@link ExecutorComponent#bindAgent} with exactly these, so an agent whose annotation names the wrong
 * class/provider/type fails here as it would in Karaf.
 */
final class DsDescriptors {
    private DsDescriptors() {
    }

    /** Properties of the component implemented by {@code implementation}, plus {@code component.name}. */
    static Map<String, Object> serviceProperties(Class<?> implementation) {
        String resource = "OSGI-INF/" + implementation.getName() + ".xml";
        try (InputStream in = implementation.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is not on the class path: is " + implementation.getName()
                        + " a DS component, built by bnd?");
            }
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Element root = factory.newDocumentBuilder().parse(in).getDocumentElement();
            if (!implementation.getName().equals(child(root, "implementation").getAttribute("class"))) {
                throw new AssertionError(resource + ": implementation class is not " + implementation.getName());
            }
            boolean agentService = false;
            NodeList provides = child(root, "service").getElementsByTagName("provide");
            for (int i = 0; i < provides.getLength(); i++) {
                agentService |= ResourceAgent.class.getName().equals(((Element) provides.item(i)).getAttribute("interface"));
            }
            if (!agentService) {
                throw new AssertionError(resource + " does not provide " + ResourceAgent.class.getName());
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            NodeList props = root.getElementsByTagName("property");
            for (int i = 0; i < props.getLength(); i++) {
                Element p = (Element) props.item(i);
                String type = p.getAttribute("type").isEmpty() ? "String" : p.getAttribute("type");
                if (!type.equals("String") || !p.hasAttribute("value")) {
                    throw new AssertionError(resource + ": property " + p.getAttribute("name")
                            + " is not a single String, which the agent whiteboard does not expect");
                }
                properties.put(p.getAttribute("name"), p.getAttribute("value"));
            }
            properties.put("component.name", root.getAttribute("name"));
            return Map.copyOf(properties);
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new AssertionError("cannot read " + resource + ": " + e, e);
        }
    }

    private static Element child(Element parent, String name) {
        NodeList l = parent.getElementsByTagName(name);
        if (l.getLength() != 1) {
            throw new AssertionError("expected one <" + name + "> in the descriptor of " + parent.getAttribute("name"));
        }
        return (Element) l.item(0);
    }
}
