package io.tandem.importers.crm;

import io.tandem.cib.Cib;
import io.tandem.cib.CibValidator;

/** A small CIB to apply commands to: two nodes, fencing off (so that crmsh commits offline without complaint). */
final class CrmFixtures {
    static final String BASE_XML = """
            <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.9">
              <configuration>
                <crm_config>
                  <cluster_property_set id="cib-bootstrap-options">
                    <nvpair name="stonith-enabled" value="false" id="cib-bootstrap-options-stonith-enabled"/>
                  </cluster_property_set>
                </crm_config>
                <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
                <resources/>
                <constraints/>
              </configuration>
              <status/>
            </cib>
            """;

    private CrmFixtures() {
    }

    static Cib base() {
        try {
            return CibValidator.parse(BASE_XML, "base");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
