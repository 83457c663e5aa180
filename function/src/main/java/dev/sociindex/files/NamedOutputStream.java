package dev.sociindex.files;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** An output stream to a file whose write errors name the file (see {@link FileErrors}). */
public final class NamedOutputStream extends FilterOutputStream {
    private final Path path;

    public NamedOutputStream(Path path, OutputStream out) {
        super(out);
        this.path = path;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw FileErrors.naming(path, e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw FileErrors.naming(path, e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw FileErrors.naming(path, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw FileErrors.naming(path, e);
        }
    }
}
