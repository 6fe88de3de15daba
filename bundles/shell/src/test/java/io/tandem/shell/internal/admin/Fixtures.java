package io.tandem.shell.internal.admin;

import io.tandem.cib.Cib;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibValidator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A two-node cluster: ip runs on n1, the group web (member www) on n2. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String CIB = """
            <cib admin_epoch="0" epoch="3" num_updates="0" validate-with="pacemaker-3.9" crm_feature_set="3.16.2">
              <configuration>
                <crm_config>
                  <cluster_property_set id="cib-bootstrap-options">
                    <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>
                  </cluster_property_set>
                </crm_config>
                <nodes>
                  <node id="1" uname="n1"/>
                  <node id="2" uname="n2"/>
                </nodes>
                <resources>
                  <primitive id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
                    <instance_attributes id="ip-instance_attributes">
                      <nvpair id="ip-instance_attributes-ip" name="ip" value="10.0.0.10"/>
                    </instance_attributes>
                  </primitive>
                  <group id="web">
                    <primitive id="www" class="ocf" provider="tandem" type="WebServer"/>
                  </group>
                </resources>
                <constraints/>
              </configuration>
              <status>
                <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                  <lrm id="1"><lrm_resources>
                    <lrm_resource id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
                      <lrm_rsc_op id="ip_last_0" operation_key="ip_start_0" operation="start" transition-key="1:1:0:x" transition-magic="0:0;1:1:0:x" call-id="2" rc-code="0" op-status="0" interval="0"/>
                    </lrm_resource>
                  </lrm_resources></lrm>
                </node_state>
                <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member">
                  <lrm id="2"><lrm_resources>
                    <lrm_resource id="www" class="ocf" provider="tandem" type="WebServer">
                      <lrm_rsc_op id="www_last_0" operation_key="www_start_0" operation="start" transition-key="2:1:0:x" transition-magic="0:0;2:1:0:x" call-id="3" rc-code="0" op-status="0" interval="0"/>
                    </lrm_resource>
                  </lrm_resources></lrm>
                </node_state>
              </status>
            </cib>
            """;

    private Fixtures() {
    }

    static Cib cib() {
        try {
            return CibValidator.parse(CIB, "fixture");
        } catch (CibParseException e) {
            throw new AssertionError(e);
        }
    }

    static InMemoryAdmin admin() {
        return new InMemoryAdmin(cib(), CLOCK, "n1", List.of("n1", "n2"));
    }
}
