package dev.sociindex.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP proxy that passes requests on as they come and answers back at a fixed rate, so that a transfer
 * lasts long enough for a test to act in the middle of it.
 */
final class ThrottledTcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "throttled-proxy");
        thread.setDaemon(true);
        return thread;
    });

    ThrottledTcpProxy(int targetPort, long bytesPerSecond) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pumps.submit(() -> pump(client.getInputStream(), upstream.getOutputStream(), Long.MAX_VALUE, client, upstream));
                    pumps.submit(() -> pump(upstream.getInputStream(), client.getOutputStream(), bytesPerSecond, client, upstream));
                } catch (IOException closed) {
                    return null;
                }
            }
            return null;
        });
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private static Void pump(InputStream in, OutputStream out, long rate, Socket a, Socket b) {
        byte[] chunk = new byte[4096];
        try (a; b) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
                out.flush();
                if (rate != Long.MAX_VALUE) {
                    Thread.sleep(n * 1000L / rate);
                }
            }
        } catch (IOException | InterruptedException e) {
            // one side closed: the connection is over
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        pumps.shutdownNow();
    }
}
