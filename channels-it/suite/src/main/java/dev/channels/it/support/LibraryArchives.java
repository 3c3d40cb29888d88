package dev.channels.it.support;

import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Packages a project module for {@code WEB-INF/lib} from wherever the test JVM loaded it: the
 * module's jar (a reactor build at {@code verify}, or the local repository) or its
 * {@code target/classes} directory (an IDE, or a build that stopped before {@code package}). This is
 * how the deployment gets {@code channels-api}, {@code channels-server}, {@code channels-cdi} and the
 * {@code channels-js} WebJar,
 * without the Maven resolver; and third-party jars (Lettuce, Netty, Reactor for the Redis engine)
 * picked by file name from the test JVM's class path, which Maven resolved from the same
 * dependencies a user's WAR gets.
 */
public final class LibraryArchives {

    private LibraryArchives() {
    }

    /**
     * The jar or classes directory that {@code member} was loaded from, as a {@link JavaArchive}
     * named {@code jarName} (for a directory) or after the jar file (for a jar).
     *
     * @throws IllegalStateException if the class was not loaded from a file (e.g. a JDK class)
     */
    public static JavaArchive archiveOf(Class<?> member, String jarName) {
        Path location = locationOf(member);
        if (Files.isDirectory(location)) {
            return ShrinkWrap.create(JavaArchive.class, jarName)
                    .as(ExplodedImporter.class)
                    .importDirectory(location.toFile())
                    .as(JavaArchive.class);
        }
        File jar = location.toFile();
        return ShrinkWrap.createFromZipFile(JavaArchive.class, jar);
    }

    /**
     * The WebJar {@code name} (a jar whose files are under {@code META-INF/resources/webjars/<name>/<version>/})
     * from wherever the test JVM loaded it, as a {@link JavaArchive} named {@code <name>.jar} (for a
     * directory) or after the jar file.
     */
    public static JavaArchive webJar(String name) {
        URL folder = LibraryArchives.class.getClassLoader().getResource(webJarFolder(name));
        if (folder == null) {
            throw new IllegalStateException("no WebJar " + name + " on the class path");
        }
        String url = folder.toString();
        try {
            if (url.startsWith("jar:file:")) {
                return ShrinkWrap.createFromZipFile(JavaArchive.class,
                        Path.of(URI.create(url.substring("jar:".length(), url.indexOf("!/")))).toFile());
            }
            Path root = Path.of(folder.toURI());
            for (int i = 0; i < webJarFolder(name).split("/").length; i++) {
                root = root.getParent();
            }
            return ShrinkWrap.create(JavaArchive.class, name + ".jar")
                    .as(ExplodedImporter.class)
                    .importDirectory(root.toFile())
                    .as(JavaArchive.class);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unusable location of WebJar " + name + ": " + url, e);
        }
    }

    /** The version folder of WebJar {@code name} in {@code webJar}, the one file name under its folder. */
    public static String webJarVersion(JavaArchive webJar, String name) {
        Node folder = webJar.get("/" + webJarFolder(name).replaceAll("/$", "")); // an archive path: no trailing slash
        if (folder == null || folder.getChildren().size() != 1) {
            throw new IllegalStateException(webJar.getName() + " has no single version folder under " + webJarFolder(name));
        }
        return folder.getChildren().iterator().next().getPath().get().replaceAll(".*/", "");
    }

    private static String webJarFolder(String name) {
        return "META-INF/resources/webjars/" + name + "/";
    }

    /**
     * The jars on the test JVM's class path whose file name matches {@code fileName}, in class-path
     * order. Surefire and failsafe put the test class path into {@code java.class.path} of the forked
     * JVM (also with their manifest-only booter jar).
     */
    public static List<JavaArchive> classPathJars(Predicate<String> fileName) {
        List<JavaArchive> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            Path name = path.getFileName();
            if (name != null && name.toString().endsWith(".jar") && fileName.test(name.toString()) && Files.isRegularFile(path)) {
                jars.add(ShrinkWrap.createFromZipFile(JavaArchive.class, path.toFile()));
            }
        }
        return jars;
    }

    private static Path locationOf(Class<?> member) {
        CodeSource source = member.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException(member.getName() + " was not loaded from a jar or directory");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unusable code source for " + member.getName() + ": "
                    + source.getLocation(), e);
        }
    }
}
