package dev.ridgeline.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** Which addresses of a member list accept a TCP connection: what a member that cannot join tells its operator. */
final class MemberReachability {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private MemberReachability() {
    }

    /** "A (reachable), B (unreachable: Connection refused)" */
    static String describe(List<String> members) {
        return String.join(", ", members.stream().map(member -> member + " (" + probe(member) + ")").toList());
    }

    private static String probe(String member) {
        int colon = member.lastIndexOf(':');
        if (colon < 0) {
            return "no port: give HOST:PORT";
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(member.substring(0, colon),
                    Integer.parseInt(member.substring(colon + 1))), CONNECT_TIMEOUT_MILLIS);
            return "reachable";
        } catch (IOException | IllegalArgumentException e) {
            return "unreachable: " + e.getMessage();
        }
    }
}
