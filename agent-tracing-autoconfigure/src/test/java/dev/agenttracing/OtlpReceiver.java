package dev.agenttracing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Decompressor;
import io.grpc.DecompressorRegistry;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
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
 * (grpc-java), that decodes what arrives with the official {@code opentelemetry-proto}
 * classes. Its answer is programmable: a status code per request (over gRPC, the status
 * that code maps to), or hanging until released. It records the request headers (gRPC
 * metadata) of each accepted request, and counts the requests whose payload arrived
 * gzip-compressed.
 */
public final class OtlpReceiver implements AutoCloseable {

	private static final Context.Key<Map<String, List<String>>> METADATA = Context.key("otlp-receiver-metadata");

	private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();

	private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private final AtomicInteger hanging = new AtomicInteger();

	private final AtomicInteger compressed = new AtomicInteger();

	private volatile IntSupplier status = () -> 200;

	private volatile CountDownLatch hang = new CountDownLatch(0);

	private final HttpServer http;

	private final Server grpc;

	private OtlpReceiver(boolean useGrpc, int port) throws IOException {
		if (useGrpc) {
			this.http = null;
			TraceServiceGrpc.TraceServiceImplBase service = new TraceServiceGrpc.TraceServiceImplBase() {
				@Override
				public void export(ExportTraceServiceRequest request,
						StreamObserver<ExportTraceServiceResponse> response) {
					int code = receive(request, METADATA.get());
					if (code == 200) {
						response.onNext(ExportTraceServiceResponse.getDefaultInstance());
						response.onCompleted();
					}
					else {
						response.onError(
								grpcStatus(code).withDescription("receiver answered " + code).asRuntimeException());
					}
				}
			};
			// The metadata as the server got it (what the handler cannot see), into the
			// call's context.
			ServerInterceptor metadata = new ServerInterceptor() {
				@Override
				public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
						ServerCallHandler<Q, A> next) {
					return Contexts.interceptCall(Context.current().withValue(METADATA, asMap(headers)), call, headers,
							next);
				}
			};
			// gzip as grpc-java has it, counting each message that really arrived
			// compressed.
			Decompressor gzip = new Decompressor() {
				@Override
				public String getMessageEncoding() {
					return "gzip";
				}

				@Override
				public InputStream decompress(InputStream in) throws IOException {
					OtlpReceiver.this.compressed.incrementAndGet();
					return new GZIPInputStream(in);
				}
			};
			this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
				.addService(ServerInterceptors.intercept(service, metadata))
				.decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(gzip, true))
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
						this.compressed.incrementAndGet();
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

	/**
	 * The gRPC status an OTLP/gRPC collector answers where an OTLP/HTTP one answers
	 * {@code code} (gRPC's own HTTP-to-status mapping; 400 is INVALID_ARGUMENT, as in the
	 * OTLP spec).
	 */
	static Status grpcStatus(int code) {
		return switch (code) {
			case 400 -> Status.INVALID_ARGUMENT;
			case 401 -> Status.UNAUTHENTICATED;
			case 403 -> Status.PERMISSION_DENIED;
			case 429 -> Status.RESOURCE_EXHAUSTED;
			default -> Status.UNAVAILABLE;
		};
	}

	private static Map<String, List<String>> asMap(Metadata metadata) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (String key : metadata.keys()) {
			if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				List<String> values = new ArrayList<>();
				metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)).forEach(values::add);
				map.put(key, List.copyOf(values));
			}
		}
		return Map.copyOf(map);
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

	/**
	 * Headers of each accepted request: over HTTP as the JDK server spells the names
	 * ({@code Api-key}), over gRPC the metadata keys in lower case ({@code api-key}).
	 * @return one map per accepted request
	 */
	public List<Map<String, List<String>>> headers() {
		return this.headers;
	}

	/**
	 * Requests (HTTP) or messages (gRPC) whose payload arrived gzip-compressed and was
	 * decompressed here.
	 * @return the count
	 */
	public int compressedRequests() {
		return this.compressed.get();
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
