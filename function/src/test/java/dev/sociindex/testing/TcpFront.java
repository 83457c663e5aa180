package dev.sociindex.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a fixed loopback port in front of a server, for faults below HTTP that a process in another JVM
 * must meet at the address it was configured with: {@link #refuse()} closes the listener (connections are refused),
 * {@link #reset()} accepts and resets each connection at once, {@link #cutAfter(long)} relays but resets each
 * connection once the server has sent a number of bytes through it (a download dropped mid-body), {@link #forward()}
 * relays again.
 */
public final class TcpFront implements AutoCloseable {
    private enum Mode { FORWARD, RESET, CUT }

    private final InetSocketAddress upstream;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long cutAfterBytes = Long.MAX_VALUE;
    private ServerSocket listener;

    public TcpFront(int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptLoop(listener);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** Connections accepted so far (reset ones included; refused ones never reach the relay). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Relays again; connections opened while {@link #cutAfter cutting} are dropped, as they would still be cut. */
    public synchronized void forward() throws IOException {
        boolean wasCutting = mode == Mode.CUT;
        mode = Mode.FORWARD;
        if (listener == null) {
            listener = listen(port);
            acceptLoop(listener);
        }
        if (wasCutting) {
            dropAll();
        }
    }

    /** Stops listening and drops open connections: new connections are refused by the kernel. */
    public synchronized void refuse() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        dropAll();
    }

    /** Accepts, then resets every new connection (RST); open connections are dropped too. */
    public synchronized void reset() throws IOException {
        mode = Mode.RESET;
        if (listener == null) {
            listener = listen(port);
            acceptLoop(listener);
        }
        dropAll();
    }

    /**
     * Relays new connections, but resets each one (client and server side) after the server has sent {@code bytes}
     * through it; open connections are dropped, so that no earlier connection escapes the cut.
     */
    public synchronized void cutAfter(long bytes) throws IOException {
        cutAfterBytes = bytes;
        mode = Mode.CUT;
        if (listener == null) {
            listener = listen(port);
            acceptLoop(listener);
        }
        dropAll();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptLoop(ServerSocket socket) {
        Thread.ofVirtual().name("tcp-front-accept").start(() -> {
            while (!socket.isClosed()) {
                Socket client;
                try {
                    client = socket.accept();
                } catch (IOException closed) {
                    return;
                }
                accepted.incrementAndGet();
                if (mode == Mode.RESET) {
                    resetQuietly(client);
                } else {
                    relay(client);
                }
            }
        });
    }

    private void relay(Socket client) {
        Socket server;
        try {
            server = new Socket(upstream.getAddress(), upstream.getPort());
        } catch (IOException e) {
            resetQuietly(client);
            return;
        }
        open.add(client);
        open.add(server);
        long limit = mode == Mode.CUT ? cutAfterBytes : Long.MAX_VALUE;
        Thread.ofVirtual().start(() -> pipe(client, server));
        Thread.ofVirtual().start(() -> {
            if (limit == Long.MAX_VALUE) {
                pipe(server, client);
            } else {
                pipeThenCut(server, client, limit);
            }
        });
    }

    /** Copies up to {@code limit} bytes from the server, then resets both sockets. */
    private void pipeThenCut(Socket server, Socket client, long limit) {
        byte[] buffer = new byte[16 * 1024];
        long sent = 0;
        try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
            while (sent < limit) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - sent));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                sent += n;
            }
        } catch (IOException ignored) {
            // one side went away
        } finally {
            open.remove(server);
            open.remove(client);
            resetQuietly(client);
            resetQuietly(server);
        }
    }

    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // one side went away; closing both below ends the other direction too
        } finally {
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void dropAll() {
        open.forEach(TcpFront::resetQuietly);
        open.clear();
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    @Override
    public synchronized void close() throws IOException {
        refuse();
    }
}
