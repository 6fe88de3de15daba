package io.tandem.cib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class Samples {
    private Samples() {
    }

    static String sampleXml() {
        try (InputStream in = Samples.class.getResourceAsStream("sample-cib.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Cib sample() {
        try {
            return CibValidator.parse(sampleXml(), "sample-cib.xml");
        } catch (CibParseException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
