package io.tandem.ipc.client;

import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcFrames;
import io.tandem.ipc.IpcMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a console command ({@code ha:VERB ARGS} in Karaf) on the local node over the socket, as {@code bin/tandem VERB
 * ARGS} does, so that both print the same and exit the same.
 *
 * <p>Protocol of the verb {@value #VERB}. Request: {@code arg} entries (the command line, verb first, in order), and
 * for each file the command asked for, {@code file.name} followed by {@code file.content} or {@code file.error}.
 * Response: {@code stdout}, {@code stderr}, {@code exit} (0 with {@code status=ok}), and for each file the command
 * produced {@code write.name} followed by {@code write.content}. A command that needs a file the request does not
 * carry answers {@code need-file=NAME} and changes nothing; the client reads the file (relative to its own working
 * directory, as the user typed it; {@code -} is standard input) and asks again. Files are read and written here,
 * with the caller's permissions, never by the appliance's process on the caller's behalf.
 */
public final class RemoteCommand {
    public static final String VERB = "ha.command";
    public static final String ARG = "arg";
    public static final String FILE_NAME = "file.name";
    public static final String FILE_CONTENT = "file.content";
    public static final String FILE_ERROR = "file.error";
    public static final String NEED_FILE = "need-file";
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
    public static final String WRITE_NAME = "write.name";
    public static final String WRITE_CONTENT = "write.content";

    /** Room left for the arguments and keys when files travel in one frame. */
    private static final int MAX_FILE_BYTES = IpcFrames.MAX_FRAME_BYTES - 64 * 1024;
    /** A command asks for each of its files once; more rounds than this means a confused server. */
    private static final int MAX_ROUNDS = 16;

    private RemoteCommand() {
    }

    /** The request for {@code args} with the files read so far ({@code name -> content or error}). */
    public static IpcMessage request(List<String> args, Map<String, FileContent> files) {
        IpcMessage.Builder b = IpcMessage.request(VERB);
        args.forEach(a -> b.put(ARG, a));
        files.forEach((name, content) -> {
            b.put(FILE_NAME, name);
            if (content.error() == null) {
                b.put(FILE_CONTENT, content.text());
            } else {
                b.put(FILE_ERROR, content.error());
            }
        });
        return b.build();
    }

    /** The files a request carries, in order: {@code file.name} followed by its content or error. */
    public static Map<String, FileContent> files(IpcMessage request) {
        Map<String, FileContent> files = new LinkedHashMap<>();
        String name = null;
        for (IpcMessage.Entry e : request.entries()) {
            switch (e.key()) {
                case FILE_NAME -> name = e.value();
                case FILE_CONTENT, FILE_ERROR -> {
                    if (name == null) {
                        throw new IllegalArgumentException("'" + e.key() + "' without a preceding '" + FILE_NAME + "'");
                    }
                    files.put(name, e.key().equals(FILE_CONTENT) ? FileContent.of(e.value()) : FileContent.failed(e.value()));
                    name = null;
                }
                default -> {
                    // other entries are the arguments
                }
            }
        }
        return files;
    }

    /** The files a response asks the client to write, in order. */
    public static Map<String, String> writes(IpcMessage response) {
        Map<String, String> writes = new LinkedHashMap<>();
        String name = null;
        for (IpcMessage.Entry e : response.entries()) {
            if (e.key().equals(WRITE_NAME)) {
                name = e.value();
            } else if (e.key().equals(WRITE_CONTENT) && name != null) {
                writes.put(name, e.value());
                name = null;
            }
        }
        return writes;
    }

    /**
     * Runs the command: sends it (again with each file it asks for), writes what it produced, prints its output and
     * error text, and returns its exit code. Connection problems are printed as {@code tool: ...} with exit 102.
     */
    public static int run(String tool, List<String> args, Connector connector, Path workingDirectory, InputStream stdin,
                          PrintStream out, PrintStream err) {
        Map<String, FileContent> files = new LinkedHashMap<>();
        IpcMessage response;
        for (int round = 0; ; round++) {
            try {
                response = connector.call(request(args, files));
            } catch (IOException e) {
                err.println(tool + ": could not connect to the node: " + describe(e) + " (is it running? the socket is"
                        + " $TANDEM_SOCKET or data/tandem/tandem.sock)");
                return CrmExit.DISCONNECT;
            }
            var needed = response.get(NEED_FILE);
            if (needed.isEmpty()) {
                break;
            }
            if (files.containsKey(needed.get()) || round >= MAX_ROUNDS) {
                err.println(tool + ": the node asked for " + needed.get() + " again; giving up");
                return CrmExit.PROTOCOL;
            }
            files.put(needed.get(), read(workingDirectory, needed.get(), stdin));
        }
        if (!response.isOk() && response.get(STDERR).isEmpty() && response.get(STDOUT).isEmpty()) {
            // the server itself refused (permission, no handler for the verb, malformed request)
            err.println(tool + ": " + response.errorMessage());
            return response.exitCode();
        }
        int exit = response.exitCode();
        List<String> writeErrors = new ArrayList<>();
        for (Map.Entry<String, String> w : writes(response).entrySet()) {
            try {
                Path target = workingDirectory.resolve(w.getKey());
                Files.writeString(target, w.getValue(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                writeErrors.add("error: " + w.getKey() + ": cannot write: " + describe(e));
            }
        }
        out.print(response.get(STDOUT).orElse(""));
        out.flush();
        err.print(response.get(STDERR).orElse(""));
        writeErrors.forEach(err::println);
        err.flush();
        return writeErrors.isEmpty() || exit != 0 ? exit : CrmExit.CANTCREAT;
    }

    private static FileContent read(Path workingDirectory, String name, InputStream stdin) {
        try {
            byte[] bytes = name.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(workingDirectory.resolve(name));
            if (bytes.length > MAX_FILE_BYTES) {
                return FileContent.failed("too large to send to the node (" + bytes.length + " bytes, at most " + MAX_FILE_BYTES + ")");
            }
            return FileContent.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return FileContent.failed(describe(e));
        }
    }

    /** The words the console uses for the same failure, so both front ends print the same. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A file the client read for the command, or why it could not. */
    public record FileContent(String text, String error) {
        public FileContent {
            if ((text == null) == (error == null)) {
                throw new IllegalArgumentException("a file has either content or an error");
            }
        }

        public static FileContent of(String text) {
            return new FileContent(text, null);
        }

        public static FileContent failed(String error) {
            return new FileContent(null, error);
        }
    }
}
