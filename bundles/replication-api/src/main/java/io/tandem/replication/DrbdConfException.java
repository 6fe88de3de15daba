package io.tandem.replication;

import java.util.List;

/** drbd.conf could not be used; every problem names file and line. */
public final class DrbdConfException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<DrbdConf.Problem> problems;

    public DrbdConfException(List<DrbdConf.Problem> problems) {
        super(String.join("\n", problems.stream().map(DrbdConf.Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<DrbdConf.Problem> problems() {
        return problems;
    }
}
