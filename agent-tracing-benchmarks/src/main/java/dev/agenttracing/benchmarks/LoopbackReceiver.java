package dev.agenttracing.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import jdk.net.ExtendedSocketOptions;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A minimal HTTP/1.1 receiver on the loopback interface for the OTLP export benchmark: it
 * reads each request body in full (by {@code Content-Length} or chunked) and answers
 * {@code 200} with an empty protobuf body, which OTLP reads as success (or, for the
 * Spring AI cases, what a responder makes of the body).
 * <p>
 * It re-arms {@code TCP_QUICKACK} before every read. Without it, the kernel's delayed ACK
 * meets the sender's Nagle algorithm (the exporter's HTTP client writes the request in
 * pieces without {@code TCP_NODELAY}) and most exports wait about 40 ms for an ACK: the
 * benchmark would measure that timer, not the exporter.
 *
 * @author agent-tracing
 */
final class LoopbackReceiver implements Closeable {

	private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\n"
			+ "Content-Length: 0\r\n\r\n")
		.getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket server;

	private final boolean quickAck;

	private final @Nullable Function<byte[], byte[]> responder;

	private final LongAdder receivedBytes = new LongAdder();

	private final LongAdder requests = new LongAdder();

	LoopbackReceiver(boolean quickAck) throws IOException {
		this(quickAck, null);
	}

	/**
	 * A receiver that answers each request with what {@code responder} makes of its body.
	 * @param quickAck whether to re-arm {@code TCP_QUICKACK} before every read
	 * @param responder the whole HTTP response (status line, headers, body) for a request
	 * body, or {@code null} for the empty OTLP success
	 */
	LoopbackReceiver(boolean quickAck, @Nullable Function<byte[], byte[]> responder) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.quickAck = quickAck;
		this.responder = responder;
		Thread acceptor = new Thread(this::accept, "loopback-receiver");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Run the receiver on its own, for the macro benchmark ({@code macro.sh}): writes its
	 * port to the file named by the first argument, answers every export with 200 until
	 * the process is stopped, then logs what it received.
	 * @param args the file to write the port to
	 * @throws Exception if the receiver cannot start
	 */
	public static void main(String[] args) throws Exception {
		LoopbackReceiver receiver = new LoopbackReceiver(true);
		Path portFile = Path.of(args[0]);
		Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"),
				Integer.toString(receiver.port()));
		// Renamed into place whole, so a reader never sees a partial port.
		Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE);
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> LogFactory.getLog(LoopbackReceiver.class)
				.info("receiver: " + receiver.requests() + " requests, " + receiver.receivedBytes() + " bytes")));
		new CountDownLatch(1).await();
	}

	int port() {
		return this.server.getLocalPort();
	}

	long receivedBytes() {
		return this.receivedBytes.sum();
	}

	long requests() {
		return this.requests.sum();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				socket.setTcpNoDelay(true);
				Thread connection = new Thread(() -> serve(socket), "loopback-receiver-connection");
				connection.setDaemon(true);
				connection.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
			OutputStream out = socket.getOutputStream();
			byte[] buffer = new byte[64 * 1024];
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			while (true) {
				body.reset();
				long length = 0;
				boolean chunked = false;
				String line = readLine(socket, in);
				if (line == null) {
					return;
				}
				while (line != null && !line.isEmpty()) {
					String header = line.toLowerCase(Locale.ROOT);
					if (header.startsWith("content-length:")) {
						length = Long.parseLong(header.substring("content-length:".length()).trim());
					}
					else if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
						chunked = true;
					}
					line = readLine(socket, in);
				}
				if (chunked) {
					long chunk;
					while ((chunk = Long.parseLong(requireLine(socket, in).split(";")[0].trim(), 16)) > 0) {
						read(socket, in, buffer, chunk, body);
						requireLine(socket, in);
					}
					requireLine(socket, in);
				}
				else {
					read(socket, in, buffer, length, body);
				}
				this.requests.increment();
				out.write((this.responder != null) ? this.responder.apply(body.toByteArray()) : RESPONSE);
				out.flush();
			}
		}
		catch (IOException ex) {
			// connection closed by the client
		}
	}

	private void read(Socket socket, InputStream in, byte[] buffer, long length, ByteArrayOutputStream body)
			throws IOException {
		long left = length;
		while (left > 0) {
			armQuickAck(socket);
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (read < 0) {
				throw new IOException("Request body ended early");
			}
			left -= read;
			this.receivedBytes.add(read);
			if (this.responder != null) {
				body.write(buffer, 0, read);
			}
		}
	}

	private String requireLine(Socket socket, InputStream in) throws IOException {
		String line = readLine(socket, in);
		if (line == null) {
			throw new IOException("Request ended early");
		}
		return line;
	}

	private @Nullable String readLine(Socket socket, InputStream in) throws IOException {
		armQuickAck(socket);
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1) {
			if (c == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) c);
		}
		return null;
	}

	private void armQuickAck(Socket socket) throws IOException {
		SocketOption<Boolean> option = ExtendedSocketOptions.TCP_QUICKACK;
		if (this.quickAck && socket.supportedOptions().contains(option)) {
			socket.setOption(option, true);
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
