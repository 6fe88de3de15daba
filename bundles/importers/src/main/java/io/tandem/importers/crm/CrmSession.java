package io.tandem.importers.crm;

import io.tandem.cib.Cib;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Staged configuration edits, as in {@code crm configure}: commands change a working copy; nothing reaches the
 * cluster until the caller takes {@link #commit()}'s result and stores it atomically (for example as one CIB
 * replace conditional on {@link #base()}'s version). Each {@link #execute} is all or nothing: when one of its
 * commands fails, the working copy stays as it was before the call. Not thread-safe: one session per user.
 */
public final class CrmSession {
    private final Cib base;
    private Cib working;
    private final List<String> history = new ArrayList<>();
    private boolean commitRequested;

    public CrmSession(Cib base) {
        this.base = Objects.requireNonNull(base, "base");
        this.working = base;
    }

    /** The Cib the session started from. */
    public Cib base() {
        return base;
    }

    /** The working copy with every staged edit. */
    public Cib working() {
        return working;
    }

    /** Whether the working copy differs from the base. */
    public boolean hasChanges() {
        return !working.equals(base);
    }

    /** The command texts applied so far, in order. */
    public List<String> history() {
        return List.copyOf(history);
    }

    /**
     * Parses and applies the text (one or more commands). Returns what {@code show} and {@code verify} print
     * (empty for other commands). A {@code commit} command only marks the session ({@link #commitRequested()}):
     * the caller commits.
     */
    public String execute(String text) throws CrmSyntaxException, CrmApplyException {
        List<CrmCommand> commands = CrmParser.parse(text);
        Cib next = working;
        StringBuilder out = new StringBuilder();
        boolean commit = false;
        for (CrmCommand c : commands) {
            if (c instanceof CrmCommand.Show s) {
                try {
                    out.append(s.xml() ? CrmShow.showXml(next, s.ids())
                            : s.ids().isEmpty() ? CrmShow.show(next) : CrmShow.show(next, s.ids()));
                } catch (IllegalArgumentException e) {
                    throw new CrmApplyException(c.label(), c.line(), "id", e.getMessage());
                }
            } else if (c instanceof CrmCommand.Verify) {
                Optional<CibParseException> problem = verify(next);
                out.append(problem.map(p -> p.getMessage() + "\n").orElse(""));
            } else if (c instanceof CrmCommand.Commit) {
                commit = true;
            } else {
                next = CrmApplier.apply(next, c);
            }
        }
        working = next;
        history.add(text);
        commitRequested |= commit;
        return out.toString();
    }

    /** Whether a {@code commit} command was executed. */
    public boolean commitRequested() {
        return commitRequested;
    }

    /** The validator's finding about the working copy (the first problem, as {@link CibValidator} reports). */
    public Optional<CibParseException> verify() {
        return verify(working);
    }

    private static Optional<CibParseException> verify(Cib cib) {
        try {
            CibValidator.validate(cib, "working copy");
            return Optional.empty();
        } catch (CibParseException e) {
            return Optional.of(e);
        }
    }

    /**
     * The Cib to store: the working copy. Refused while the validator finds a problem, so that a broken
     * configuration never reaches the cluster.
     *
     * @throws CibParseException the validator's finding
     */
    public Cib commit() throws CibParseException {
        Optional<CibParseException> problem = verify();
        if (problem.isPresent()) {
            throw problem.get();
        }
        return working;
    }

    /** Drops every staged edit. */
    public void discard() {
        working = base;
        history.clear();
        commitRequested = false;
    }
}
