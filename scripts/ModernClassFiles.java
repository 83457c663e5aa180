import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar, rewriting the class files under the given package prefixes that are older than Java 6 (class-file
 * version 50) to version 52 (Java 8), with their stack maps computed anew; every other entry is copied unchanged, in
 * order. Why: JDK 25's AOT cache leaves such "old classes" out (they are checked by the old type-inferring verifier
 * at each start), and with them every class that refers to them. picocli's jar is built for Java 5, so its classes
 * and the CLI's command classes loaded and were verified on every start despite the dist tarball's cache.
 * Needs JDK 24+ (java.lang.classfile). Usage: java scripts/ModernClassFiles.java IN_JAR OUT_JAR PREFIX...
 */
public class ModernClassFiles {
    private static final int OLDEST_KEPT = 50;
    private static final ClassFileVersion TARGET = ClassFileVersion.of(52, 0);

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java ModernClassFiles.java IN_JAR OUT_JAR PACKAGE_PREFIX...");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        List<String> prefixes = List.of(args).subList(2, args.length);
        // stack maps need the class hierarchy: the JDK's, then the jar's own classes
        ClassLoader jarClasses = new URLClassLoader(new URL[] {in.toUri().toURL()}, null);
        ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                        .orElse(ClassHierarchyResolver.ofResourceParsing(jarClasses))));
        // every method body passes through a code builder, which is what makes the new stack maps
        ClassTransform toTarget = ClassTransform.dropping(element -> element instanceof ClassFileVersion)
                .andThen(ClassTransform.endHandler(builder -> builder.with(TARGET)))
                .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
        int rewritten = 0;
        try (ZipInputStream source = new ZipInputStream(new FileInputStream(in.toFile()));
             ZipOutputStream target = new ZipOutputStream(new FileOutputStream(args[1]))) {
            for (ZipEntry entry = source.getNextEntry(); entry != null; entry = source.getNextEntry()) {
                byte[] bytes = source.readAllBytes();
                if (entry.getName().endsWith(".class") && prefixes.stream().anyMatch(entry.getName()::startsWith)
                        && majorVersion(bytes) < OLDEST_KEPT) {
                    bytes = classFile.transformClass(classFile.parse(bytes), toTarget);
                    rewritten++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                target.putNextEntry(copy);
                target.write(bytes);
                target.closeEntry();
            }
        }
        System.err.println("ModernClassFiles: " + rewritten + " class files rewritten to version " + TARGET.majorVersion());
    }

    private static int majorVersion(byte[] classBytes) {
        return (classBytes[6] & 0xFF) << 8 | classBytes[7] & 0xFF;
    }
}
