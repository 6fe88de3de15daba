package io.tandem.controller.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A controller message on the messaging channel {@value #CHANNEL}: a type, string headers and an optional body
 * (XML). Encoded as UTF-8 text: the type on the first line, {@code key=value} lines, an empty line, the body.
 * Header values must not contain line breaks (they are names, numbers and versions).
 */
record Wire(Type type, Map<String, String> headers, String body) {
    static final String CHANNEL = "crmd";

    enum Type {
        /** DC to member: a new join round; send your CIB version and resource history. */
        JOIN_REQUEST,
        /** Member to DC: CIB version, lrm history (body), and the whole CIB when it is newer than the DC's. */
        JOIN_REPLY,
        /**
         * Member to DC: my controller is (newly) following this view. A member whose controller started after the
         * DC's join request went out missed it; this makes the DC ask again.
         */
        JOIN_ANNOUNCE,
        /** DC to all: a CIB patch (body: the diff XML). */
        CIB_PATCH,
        /** DC to one member: the whole CIB (body). */
        CIB_FULL,
        /** Member to DC: my copy does not fit your patches, send the whole CIB. */
        CIB_SYNC_REQUEST,
        /** DC to member: run a graph action (body: the action). */
        EXECUTE,
        /** Member to DC: the result of an action or a recurring operation (body: an lrm_rsc_op). */
        RESULT,
        /** DC to member: forget a resource's history (cleanup). */
        FORGET,
        /** Member to DC: apply this change (body: a patch of changes), answer with ADMIN_REPLY. */
        ADMIN_CHANGE,
        /** DC to member: the outcome of an ADMIN_CHANGE. */
        ADMIN_REPLY,
        /** Member to DC: I want to stop; move my resources away and tell me when I may go. */
        SHUTDOWN_REQUEST,
        /** DC to member: your resources are gone, you may stop. */
        SHUTDOWN_ALLOWED
    }

    Wire {
        Objects.requireNonNull(type, "type");
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    static Wire of(Type type, String body, String... keyValues) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            h.put(keyValues[i], keyValues[i + 1]);
        }
        return new Wire(type, h, body);
    }

    String header(String key) {
        String v = headers.get(key);
        if (v == null) {
            throw new IllegalArgumentException(type + " message without header " + key);
        }
        return v;
    }

    long longHeader(String key) {
        try {
            return Long.parseLong(header(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(type + " message: header " + key + " is not a number: " + headers.get(key));
        }
    }

    byte[] encode() {
        StringBuilder s = new StringBuilder(type.name()).append('\n');
        headers.forEach((k, v) -> {
            if (k.indexOf('=') >= 0 || k.indexOf('\n') >= 0 || v.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + k + " cannot be encoded");
            }
            s.append(k).append('=').append(v).append('\n');
        });
        s.append('\n').append(body);
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Wire decode(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        if (eol < 0) {
            throw new IllegalArgumentException("controller message without a type line");
        }
        Type type;
        try {
            type = Type.valueOf(text.substring(0, eol));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown controller message type '" + text.substring(0, eol) + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int pos = eol + 1;
        while (true) {
            int next = text.indexOf('\n', pos);
            if (next < 0) {
                throw new IllegalArgumentException(type + " message: headers not terminated");
            }
            if (next == pos) {
                pos = next + 1;
                break;
            }
            String line = text.substring(pos, next);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(type + " message: bad header line '" + line + "'");
            }
            headers.put(line.substring(0, eq), line.substring(eq + 1));
            pos = next + 1;
        }
        return new Wire(type, headers, text.substring(pos));
    }
}
