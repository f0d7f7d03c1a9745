package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferedSocketsTest {
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        flusher.shutdownNow();
    }

    @Test
    void flushed_bytes_arrive_without_waiting_for_more_and_in_order() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new BufferedSockets(flusher).createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            OutputStream out = client.getOutputStream();
            InputStream in = peer.getInputStream();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 1000; i++) {
                    out.write(new byte[] {0x40, 0x02, (byte) (i >> 8), (byte) i}); // PUBACKs, as Paho writes them
                    out.flush();
                }
                peer.setSoTimeout(2000);
                byte[] got = in.readNBytes(4000);
                assertThat(got).hasSize(4000);
                for (int i = 0; i < 1000; i++) {
                    assertThat(got[4 * i]).isEqualTo((byte) 0x40);
                    assertThat(((got[4 * i + 2] & 0xFF) << 8) | (got[4 * i + 3] & 0xFF)).isEqualTo(i);
                }
            }
            // more than the buffer at once goes out as it is
            byte[] big = new byte[BufferedSockets.BUFFER * 2 + 17];
            big[big.length - 1] = 7;
            out.write(big);
            out.flush();
            assertThat(in.readNBytes(big.length)).isEqualTo(big);
        }
    }

    @Test
    void closing_sends_what_is_still_buffered() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket client = new BufferedSockets(flusher).createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            try (Socket peer = server.accept()) {
                client.getOutputStream().write(new byte[] {(byte) 0xE0, 0x00}); // a DISCONNECT, never flushed
                client.close();
                peer.setSoTimeout(2000);
                assertThat(peer.getInputStream().readAllBytes()).containsExactly((byte) 0xE0, 0x00);
            }
        }
    }

    @Test
    void input_is_read_as_sent_and_the_end_of_the_stream_is_seen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new BufferedSockets(flusher).createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            try (Socket peer = server.accept()) {
                peer.getOutputStream().write(new byte[] {0x30, 0x01, 0x05});
            }
            client.setSoTimeout(2000);
            InputStream in = client.getInputStream();
            assertThat(in.read()).isEqualTo(0x30);
            assertThat(in.read()).isEqualTo(0x01);
            assertThat(in.read()).isEqualTo(0x05);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void a_failed_deferred_write_fails_the_next_write() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        BufferedSockets.DeferredFlush out = new BufferedSockets.DeferredFlush(broken, flusher);
        out.write(new byte[] {1, 2, 3});
        out.flush();
        // the flusher's failure reaches the next write once the deferred flush has run
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(20))
                .untilAsserted(() -> assertThatThrownBy(() -> out.write(4)).hasMessageContaining("broken pipe"));
    }
}
