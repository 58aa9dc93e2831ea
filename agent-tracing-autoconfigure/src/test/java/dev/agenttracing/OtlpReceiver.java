package dev.agenttracing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A real OTLP trace receiver on 127.0.0.1, over HTTP/protobuf (JDK HTTP server) or gRPC
 * (grpc-java), that decodes what arrives with the official {@code opentelemetry-proto} classes.
 * Its answer is programmable: a status code per request, or hanging until released.
 */
public final class OtlpReceiver implements AutoCloseable {

	private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();

	private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private final AtomicInteger hanging = new AtomicInteger();

	private volatile IntSupplier status = () -> 200;

	private volatile CountDownLatch hang = new CountDownLatch(0);

	private final HttpServer http;

	private final Server grpc;

	private OtlpReceiver(boolean useGrpc, int port) throws IOException {
		if (useGrpc) {
			this.http = null;
			this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
				.addService(new TraceServiceGrpc.TraceServiceImplBase() {
					@Override
					public void export(ExportTraceServiceRequest request,
							StreamObserver<ExportTraceServiceResponse> response) {
						int code = receive(request, Map.of());
						if (code == 200) {
							response.onNext(ExportTraceServiceResponse.getDefaultInstance());
							response.onCompleted();
						}
						else {
							response.onError(Status.UNAVAILABLE.asRuntimeException());
						}
					}
				})
				.build()
				.start();
		}
		else {
			this.grpc = null;
			this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
			this.http.setExecutor(Executors.newCachedThreadPool());
			this.http.createContext("/v1/traces", (exchange) -> {
				try (exchange) {
					InputStream body = exchange.getRequestBody();
					if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
						body = new GZIPInputStream(body);
					}
					ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
					int code = receive(request, Map.copyOf(exchange.getRequestHeaders()));
					byte[] answer = (code == 200) ? ExportTraceServiceResponse.getDefaultInstance().toByteArray()
							: new byte[0];
					exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
					exchange.sendResponseHeaders(code, (answer.length == 0) ? -1 : answer.length);
					if (answer.length > 0) {
						exchange.getResponseBody().write(answer);
					}
				}
			});
			this.http.start();
		}
	}

	public static OtlpReceiver http() throws IOException {
		return new OtlpReceiver(false, 0);
	}

	public static OtlpReceiver http(int port) throws IOException {
		return new OtlpReceiver(false, port);
	}

	public static OtlpReceiver grpc() throws IOException {
		return new OtlpReceiver(true, 0);
	}

	private int receive(ExportTraceServiceRequest request, Map<String, List<String>> requestHeaders) {
		this.attempts.incrementAndGet();
		try {
			this.hanging.incrementAndGet();
			this.hang.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.hanging.decrementAndGet();
		}
		int code = this.status.getAsInt();
		if (code == 200) {
			this.requests.add(request);
			this.headers.add(requestHeaders);
		}
		return code;
	}

	public int port() {
		return (this.http != null) ? this.http.getAddress().getPort() : this.grpc.getPort();
	}

	public String endpoint() {
		return (this.http != null) ? "http://127.0.0.1:" + port() + "/v1/traces" : "http://127.0.0.1:" + port();
	}

	public void answer(IntSupplier status) {
		this.status = status;
	}

	public void hang() {
		this.hang = new CountDownLatch(1);
	}

	public void release() {
		this.hang.countDown();
	}

	public int hangingRequests() {
		return this.hanging.get();
	}

	public int attempts() {
		return this.attempts.get();
	}

	public List<ExportTraceServiceRequest> requests() {
		return this.requests;
	}

	public List<Map<String, List<String>>> headers() {
		return this.headers;
	}

	public List<ResourceSpans> resourceSpans() {
		List<ResourceSpans> result = new ArrayList<>();
		this.requests.forEach((request) -> result.addAll(request.getResourceSpansList()));
		return result;
	}

	public List<Span> spans() {
		List<Span> spans = new ArrayList<>();
		for (ResourceSpans resourceSpans : resourceSpans()) {
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				spans.addAll(scopeSpans.getSpansList());
			}
		}
		return spans;
	}

	public static AnyValue attribute(List<KeyValue> attributes, String key) {
		return attributes.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map(KeyValue::getValue)
			.findFirst()
			.orElse(null);
	}

	public static AnyValue attribute(Resource resource, String key) {
		return attribute(resource.getAttributesList(), key);
	}

	@Override
	public void close() {
		release();
		if (this.http != null) {
			this.http.stop(0);
		}
		if (this.grpc != null) {
			this.grpc.shutdownNow();
			try {
				this.grpc.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		in.transferTo(out);
		return out.toByteArray();
	}

}
