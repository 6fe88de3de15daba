package io.tandem.executor.internal;

import io.tandem.common.OcfExitCode;

/** Pacemaker's normalisation of agent exit statuses (services__ocf2ocf, services__lsb2ocf). */
final class ExitCodes {
    private ExitCodes() {
    }

    /** OCF: 0..9, 190 and 191 stand; anything else (negative, &gt; 9, 128+signal) is a generic error. */
    static OcfExitCode ocf(int raw) {
        if (raw >= 0 && raw <= 9 || raw == 190 || raw == 191) {
            return OcfExitCode.fromCode(raw);
        }
        return OcfExitCode.ERR_GENERIC;
    }

    /** LSB: status has its own codes (0 running; 1, 2, 3 stopped; 150 not installed; 151 no privilege). */
    static OcfExitCode lsb(String lsbAction, int raw) {
        if ("status".equals(lsbAction)) {
            return switch (raw) {
                case 0 -> OcfExitCode.OK;
                case 1, 2, 3 -> OcfExitCode.NOT_RUNNING;
                case 150 -> OcfExitCode.ERR_INSTALLED;
                case 151 -> OcfExitCode.ERR_PERM;
                default -> OcfExitCode.ERR_GENERIC;
            };
        }
        return raw >= 0 && raw <= 7 ? OcfExitCode.fromCode(raw) : OcfExitCode.ERR_GENERIC;
    }

    /** The text after the last {@code ocf-exit-reason:} in the agent's stderr, up to the end of that line. */
    static String exitReason(String stderr) {
        String prefix = AgentEnvironment.EXIT_REASON_PREFIX;
        int at = stderr.lastIndexOf(prefix);
        if (at < 0) {
            return "";
        }
        int start = at + prefix.length();
        int end = stderr.indexOf('\n', start);
        return (end < 0 ? stderr.substring(start) : stderr.substring(start, end)).strip();
    }
}
