package io.tandem.importers.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibParseException;
import org.junit.jupiter.api.Test;

class CrmSessionTest {
    @Test
    void editsAreStagedAndCommittedByTheCaller() throws Exception {
        Cib base = CrmFixtures.base();
        CrmSession s = new CrmSession(base);
        assertEquals("", s.execute("primitive a ocf:pacemaker:Dummy"));
        assertTrue(s.hasChanges());
        assertSame(base, s.base());
        assertEquals("primitive a ocf:pacemaker:Dummy\n", s.execute("show a"));
        s.execute("commit");
        assertTrue(s.commitRequested());
        Cib committed = s.commit();
        assertTrue(committed.configuration().findById("a").isPresent());
        assertTrue(base.configuration().findById("a").isEmpty());
    }

    @Test
    void aFailingExecuteLeavesTheWorkingCopyAsItWas() throws Exception {
        CrmSession s = new CrmSession(CrmFixtures.base());
        s.execute("primitive a ocf:pacemaker:Dummy");
        Cib before = s.working();
        assertThrows(CrmApplyException.class, () -> s.execute("primitive b ocf:pacemaker:Dummy\nlocation l nosuch 1: n1"));
        assertSame(before, s.working());
        assertThrows(CrmSyntaxException.class, () -> s.execute("primitive c ocf:pacemaker:Dummy\nprimitive"));
        assertSame(before, s.working());
        s.discard();
        assertFalse(s.hasChanges());
    }

    @Test
    void verifyReportsTheValidatorsFindingAndCommitRefusesIt() throws Exception {
        CrmSession s = new CrmSession(CrmFixtures.base());
        s.execute("primitive a ocf:pacemaker:Dummy op monitor interval=10s on-fail=restart");
        assertTrue(s.verify().isEmpty());
        assertEquals("", s.execute("verify"));
        // an empty group cannot be written in crm syntax; build one through the Cib to see the validator speak
        Cib broken = new Cib(s.working().root().withChildren(java.util.List.of(
                s.working().configuration().withReplacedChild(s.working().configuration().child("resources").orElseThrow()
                        .withChild(io.tandem.cib.CibElement.of("group", "id", "empty"))), s.working().status())));
        CrmSession b = new CrmSession(broken);
        assertTrue(b.execute("verify").contains("group"), b.execute("verify"));
        assertThrows(CibParseException.class, b::commit);
    }
}
