package io.tandem.conformance;

import io.tandem.scheduler.Simulator;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the scheduler to test without a framework: the class named by {@code -Dconformance.simulator}, else a
 * {@link ServiceLoader} provider, else the one public class with a public no-argument constructor implementing
 * {@link Simulator} in the scheduler-impl artifact on the class path.
 */
public final class SimulatorLocator {
    public static final String PROPERTY = "conformance.simulator";

    private SimulatorLocator() {
    }

    public static Class<? extends Simulator> find(ClassLoader loader) {
        String named = System.getProperty(PROPERTY);
        if (named != null && !named.isBlank()) {
            return load(named.strip(), loader);
        }
        for (ServiceLoader.Provider<Simulator> p : ServiceLoader.load(Simulator.class, loader).stream().toList()) {
            return p.type();
        }
        List<Class<? extends Simulator>> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.contains("scheduler-impl")) {
                for (String cls : classNames(Path.of(entry))) {
                    Class<? extends Simulator> c = candidate(cls, loader);
                    if (c != null) {
                        found.add(c);
                    }
                }
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException((found.isEmpty() ? "no" : found.size()) + " public Simulator implementation"
                    + " with a public no-argument constructor in scheduler-impl on the class path " + found
                    + "; name one with -D" + PROPERTY + "=CLASS");
        }
        return found.get(0);
    }

    public static Supplier<Simulator> factory(Class<? extends Simulator> type) {
        Constructor<? extends Simulator> ctor;
        try {
            ctor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no public no-argument constructor", e);
        }
        return () -> {
            try {
                return ctor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + type.getName() + ": " + e.getCause(), e);
            }
        };
    }

    private static Class<? extends Simulator> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader).asSubclass(Simulator.class);
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + name + ": not a Simulator class on the class path", e);
        }
    }

    private static Class<? extends Simulator> candidate(String name, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(name, false, loader);
            if (Simulator.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())
                    && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                c.getConstructor();
                return c.asSubclass(Simulator.class);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // not a usable candidate
        }
        return null;
    }

    private static List<String> classNames(Path entry) {
        List<String> out = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> s = Files.walk(entry)) {
                    s.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$"))
                            .forEach(p -> out.add(toClassName(entry.relativize(p).toString().replace(File.separatorChar, '/'))));
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    Enumeration<JarEntry> en = jar.entries();
                    while (en.hasMoreElements()) {
                        String n = en.nextElement().getName();
                        if (n.endsWith(".class") && !n.contains("$") && !n.endsWith("package-info.class") && !n.startsWith("META-INF")) {
                            out.add(toClassName(n));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + entry + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String toClassName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
