package dev.ridgeline.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on loopback between a deployment and its partner, in the position of a network
 * attacker: it passes bytes through, or alters the partner's next response bytes, or records the
 * partner's bytes and later sends them again in place of a response. It sees only TLS records.
 */
final class TamperingProxy implements AutoCloseable {

    enum Mode { PASS, RECORD, FLIP_NEXT, REPLAY_NEXT }

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final List<Socket> sockets = new ArrayList<>();
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private volatile Mode mode = Mode.PASS;

    TamperingProxy(String targetHost, int targetPort) throws IOException {
        this.host = targetHost;
        this.port = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tampering-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    void mode(Mode newMode) {
        mode = newMode;
    }

    /** Whether the partner's bytes have been recorded (a connection through the relay has carried an answer). */
    synchronized boolean recordedSomething() {
        return recorded.size() > 0;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                pump(client.getInputStream(), server.getOutputStream(), false);
                pump(server.getInputStream(), client.getOutputStream(), true);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean fromPartner) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int read; (read = in.read(buffer)) > 0; ) {
                    byte[] chunk = java.util.Arrays.copyOf(buffer, read);
                    if (fromPartner) {
                        chunk = alter(chunk);
                    }
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: the relay ends with it
            } finally {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tampering-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized byte[] alter(byte[] chunk) {
        switch (mode) {
            case RECORD -> recorded.writeBytes(chunk);
            case FLIP_NEXT -> {
                chunk[chunk.length - 1] ^= 0x01; // inside the last record's authentication tag
                mode = Mode.PASS;
            }
            case REPLAY_NEXT -> {
                chunk = recorded.toByteArray();
                mode = Mode.PASS;
            }
            case PASS -> {
            }
        }
        return chunk;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
