package io.tandem.importers.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibXml;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * crmsh as the oracle: each case runs through {@code crm -F -f} on a copy of {@link CrmFixtures#BASE_XML}
 * ({@code CIB_file}, offline), and must give exactly the configuration our parser and applier give (ids
 * included: ours are generated the crmsh way). Then crmsh's own {@code show} text, read by our parser and applied
 * to the base, must give the same configuration again, and so must our {@code show} of it. Skipped without crmsh.
 */
class CrmshOracleTest {
    private static final String P = "primitive a ocf:pacemaker:Dummy\nprimitive b ocf:pacemaker:Dummy\n"
            + "primitive c ocf:pacemaker:Dummy\nprimitive s ocf:pacemaker:Stateful\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("primitive-ipaddr2", "primitive vip ocf:heartbeat:IPaddr2 params ip=10.0.0.10"
                        + " cidr_netmask=24 op monitor interval=10s timeout=20s op start timeout=1min"
                        + " meta target-role=Stopped"),
                Arguments.of("meta-before-params-quoted", "primitive d1 ocf:pacemaker:Dummy meta target-role=Stopped"
                        + " params state=/tmp/x \"fake=a b\" op monitor interval=20 timeout=30s"
                        + " op monitor interval=11s role=Promoted"),
                Arguments.of("value-quoted-inside", "primitive d1 ocf:pacemaker:Dummy params fake=\"a b\" state='/x y'"),
                Arguments.of("lsb-systemd", "primitive web lsb:nginx\nprimitive h systemd:httpd op monitor interval=1min"),
                Arguments.of("bare-type-is-ocf-heartbeat", "primitive d IPaddr2 params ip=10.0.0.11"),
                Arguments.of("two-params-blocks", "primitive e2 ocf:pacemaker:Dummy params a=1 params b=2 meta m=1"),
                Arguments.of("op-defaults-interval", "primitive e1 ocf:pacemaker:Dummy op monitor timeout=20s"
                        + " op stop interval=0 timeout=100 op start timeout=60s on-fail=restart"),
                Arguments.of("same-op-id-twice", "primitive e1 ocf:pacemaker:Stateful op monitor interval=10s"
                        + " role=Promoted op monitor interval=10s role=Unpromoted"),
                Arguments.of("group", P + "group g1 a b meta target-role=Started"),
                Arguments.of("clone", P + "clone c1 a meta clone-max=2 interleave=true"),
                Arguments.of("clone-of-group", P + "group g a b\nclone cg g"),
                Arguments.of("ms", P + "ms m1 s meta promoted-max=1 notify=true"),
                Arguments.of("promotable-clone", P + "clone p1 s meta promotable=true"),
                Arguments.of("location-node", P + "location l1 a 100: n1\nlocation l2 b -inf: n2\n"
                        + "location l3 c inf: n1"),
                Arguments.of("location-role", P + "ms m1 s\nlocation l6 m1 role=Promoted 200: n1"),
                Arguments.of("location-rule", P + "location l3 a rule 50: #uname eq n1"),
                Arguments.of("location-rule-or", P + "location l4 a rule $role=Promoted -inf: not_defined pingd"
                        + " or pingd lte 0"),
                Arguments.of("location-rule-and-typed", P + "location l7 a rule 10: #uname eq n1 and pingd number:gt 5"),
                Arguments.of("location-rule-string-type", P + "location l11 a rule 5: foo string:ne bar"),
                Arguments.of("location-rule-defined", P + "location l9 a rule 5: defined foo"),
                Arguments.of("location-two-rules", P + "location l2r a rule 5: defined foo rule -inf: #uname eq n2"),
                Arguments.of("date-expressions", P + "location l5 a rule -inf: date lt 2030-01-01\n"
                        + "location l10 b rule -inf: date gt 2030-01-01\n"
                        + "location l8 c rule -inf: date in start=2030-01-01 end=2031-01-01"),
                Arguments.of("colocation", P + "ms m1 s\ncolocation co1 inf: a m1:Promoted\n"
                        + "colocation co2 -100: b a\ncolocation co4 inf: b:Started c"),
                Arguments.of("colocation-set", P + "colocation co3 inf: a b c"),
                Arguments.of("order", P + "ms m1 s\norder o1 Mandatory: m1:promote a:start\n"
                        + "order o2 inf: b a symmetrical=false\norder o3 0: c a\norder o4 -5: a c\n"
                        + "order o5 100: b c\norder o6 Serialize: a b\norder o7 Optional: c b"),
                Arguments.of("order-set", P + "order o4 Optional: a b c"),
                Arguments.of("properties", "property no-quorum-policy=ignore\nproperty $id=extra maintenance-mode=false\n"
                        + "property stonith-enabled=true cluster-recheck-interval=5min"),
                Arguments.of("property-set-colon", "property extra: maintenance-mode=true"),
                Arguments.of("defaults", "rsc_defaults resource-stickiness=100\nop_defaults timeout=60s\n"
                        + "rsc_defaults migration-threshold=3"),
                Arguments.of("delete-shrinks-sets", P + "primitive d ocf:pacemaker:Dummy\ncolocation co3 inf: a b d\n"
                        + "order o4 Optional: a b d\norder o5 Serialize: d a\ncolocation co4 inf: d:Started b\n"
                        + "delete d"),
                Arguments.of("delete-group-ungroups", P + "primitive d ocf:pacemaker:Dummy\ngroup g a b\n"
                        + "colocation x1 inf: g d\nlocation lg g 10: n1\norder o1 100: g d\ndelete g"),
                Arguments.of("delete-clone-child", P + "clone cl c\nlocation lc cl 10: n1\ndelete c"),
                Arguments.of("delete-constraint", P + "location l1 a 100: n1\nlocation l2 a 50: n2\ndelete l1"),
                Arguments.of("continuations-comments", "# a comment\nprimitive vip ocf:heartbeat:IPaddr2 \\\n"
                        + "\tparams ip=10.0.0.10 \\\n\top monitor interval=10s\n\n# another\n"
                        + "primitive web ocf:pacemaker:Dummy\ngroup g vip web \\\n\tmeta target-role=Started"));
    }

    private static boolean crmsh;
    @TempDir
    Path dir;

    @BeforeAll
    static void findCrmsh() {
        crmsh = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "crm")))
                || Files.isExecutable(Path.of("/usr/sbin/crm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameConfigurationAsCrmsh(String name, String script) throws Exception {
        assumeTrue(crmsh, "crmsh (crm) is not installed: apt-get install -y crmsh");
        Path cib = dir.resolve("cib.xml");
        Files.writeString(cib, CrmFixtures.BASE_XML);
        Path file = dir.resolve("script.crm");
        Files.writeString(file, "configure\n" + script + "\ncommit\n");
        run(cib, "crm", "-F", "-f", file.toString());
        CibElement theirs = CibXml.parse(cib).child("configuration").orElseThrow();

        Cib base = CrmFixtures.base();
        Cib ours = CrmApplier.applyAll(base, CrmParser.parse(script));
        assertSame(theirs, ours.configuration(), name + ": our configuration differs from crmsh's");

        String theirShow = run(cib, "crm", "configure", "show");
        Cib fromTheirShow = CrmApplier.applyAll(base, CrmParser.parse(theirShow));
        // show sorts objects by kind and id, so the order of resources and constraints is not kept
        // crmsh's show writes 'foo string:ne bar' as 'foo ne bar' (crmsh itself loses type="string" there)
        assertSame(withoutStringType(bySectionId(theirs)), withoutStringType(bySectionId(fromTheirShow.configuration())), name + ": crmsh's show, read by us, differs:\n" + theirShow);

        String ourShow = CrmShow.show(ours);
        Cib fromOurShow = CrmApplier.applyAll(base, CrmParser.parse(ourShow));
        assertSame(bySectionId(theirs), bySectionId(fromOurShow.configuration()), name + ": our show, read back, differs:\n" + ourShow);
    }

    private static void assertSame(CibElement expected, CibElement actual, String message) {
        if (!expected.equals(actual)) {
            assertEquals(CibXml.toXml(sorted(expected)), CibXml.toXml(sorted(actual)), message);
            assertTrue(false, message + " (attribute order only?)");
        }
    }

    /** Top-level resources and constraints sorted by id. */
    static CibElement bySectionId(CibElement configuration) {
        List<CibElement> sections = new ArrayList<>();
        for (CibElement s : configuration.children()) {
            if (s.name().equals("resources") || s.name().equals("constraints")) {
                List<CibElement> children = new ArrayList<>(s.children());
                children.sort(java.util.Comparator.comparing(c -> c.attr("id", "")));
                sections.add(s.withChildren(children));
            } else {
                sections.add(s);
            }
        }
        return configuration.withChildren(sections);
    }

    private static CibElement withoutStringType(CibElement e) {
        CibElement out = e.name().equals("expression") && "string".equals(e.attr("type")) ? e.withAttribute("type", null) : e;
        List<CibElement> children = new ArrayList<>();
        for (CibElement c : e.children()) {
            children.add(withoutStringType(c));
        }
        return out.withChildren(children);
    }

    /** Attributes sorted by name so that a difference shows as a readable text diff. */
    private static CibElement sorted(CibElement e) {
        java.util.TreeMap<String, String> attrs = new java.util.TreeMap<>(e.attributes());
        List<CibElement> children = new ArrayList<>();
        for (CibElement c : e.children()) {
            children.add(sorted(c));
        }
        return new CibElement(e.name(), attrs, children, 0);
    }

    private static String run(Path cib, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CIB_file", cib.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "crm did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.contains("WARNING") && !l.contains("ERROR") && !l.contains("INFO"))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
