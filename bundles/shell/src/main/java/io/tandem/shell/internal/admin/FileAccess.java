package io.tandem.shell.internal.admin;

import io.tandem.ipc.client.RemoteCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a command's files come from and go to. In the Karaf console they are this process's files; over the socket
 * they are the caller's, read and written by {@code bin/tandem} ({@link RemoteCommand}). Commands read every file
 * before they change anything, so that asking the caller for a file and running again is safe.
 */
public interface FileAccess {
    /** @throws IOException whose {@link RemoteCommand#describe} text is what the user sees */
    String read(String name) throws IOException;

    void write(String name, String text) throws IOException;

    /** This process's files, relative names against its working directory. */
    static FileAccess local() {
        return new FileAccess() {
            @Override
            public String read(String name) throws IOException {
                return Files.readString(Path.of(name), StandardCharsets.UTF_8);
            }

            @Override
            public void write(String name, String text) throws IOException {
                Files.writeString(Path.of(name), text, StandardCharsets.UTF_8);
            }
        };
    }

    /**
     * The caller's files as a socket request carries them. A file it does not carry ends the run with
     * {@link FileNeeded}; writes are collected for the response.
     */
    final class Remote implements FileAccess {
        private final Map<String, RemoteCommand.FileContent> files;
        private final Map<String, String> writes = new LinkedHashMap<>();

        public Remote(Map<String, RemoteCommand.FileContent> files) {
            this.files = Map.copyOf(files);
        }

        @Override
        public String read(String name) throws IOException {
            RemoteCommand.FileContent f = files.get(name);
            if (f == null) {
                throw new FileNeeded(name);
            }
            if (f.error() != null) {
                throw new IOException(f.error());
            }
            return f.text();
        }

        @Override
        public void write(String name, String text) {
            writes.put(name, text);
        }

        public Map<String, String> writes() {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(writes));
        }
    }

    /** The caller has to send this file first; nothing has been changed. */
    final class FileNeeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String name;

        public FileNeeded(String name) {
            super("the command needs the caller's file " + name);
            this.name = name;
        }

        public String name() {
            return name;
        }
    }
}
