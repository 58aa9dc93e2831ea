package dev.agenttracing.mcp;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.metrics.OtlpDurationHistograms;
import dev.agenttracing.redact.Redactor;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;

/**
 * Traces MCP requests made and served with the MCP Java SDK, as the MCP semantic
 * conventions v1.41.0 say. With the starter, Spring-managed transports and server
 * specifications are instrumented without code; for hand-built ones it is one call:
 *
 * <pre class="code">
 * McpSyncClient client = McpClient.sync(mcpTracing.instrument(transport)).build();
 * McpServer.sync(provider).tools(mcpTracing.instrument(toolSpecification)).build();
 * </pre>
 *
 * A client transport so instrumented gives every request a CLIENT span and writes the
 * trace context into its {@code params._meta}; an instrumented tool, resource or prompt
 * gives every call a SERVER span whose parent is the context read from
 * {@code params._meta}. Tracing never changes the request's outcome: a fault inside it is
 * logged once and the request goes on.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class McpTracing {

	/**
	 * The default of {@link Builder#maxBodySize(DataSize)}.
	 */
	public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(1);

	private static final DataSize MAX_BODY_SIZE_LIMIT = DataSize.ofGigabytes(1);

	private final Tracer tracer;

	private final MetaPropagation propagation;

	private final @Nullable AgentTracer agentTracer;

	private final ContentRecorder content;

	private final McpMetrics metrics;

	private final String serverTransport;

	private final McpServerSessions serverSessions = new McpServerSessions();

	private final int maxBodySize;

	private McpTracing(Builder builder) {
		this.tracer = builder.openTelemetry.tracerBuilder(GenAiAttributes.INSTRUMENTATION_SCOPE)
			.setSchemaUrl(GenAiAttributes.SCHEMA_URL)
			.build();
		this.propagation = new MetaPropagation(builder.openTelemetry.getPropagators().getTextMapPropagator());
		this.agentTracer = builder.agentTracer;
		this.content = (builder.content != null) ? builder.content
				: ContentRecorder.builder(Redactor.builder().build()).build();
		this.metrics = new McpMetrics(builder.meterRegistry, builder.otlpDurations);
		this.serverTransport = builder.serverTransport;
		this.maxBodySize = builder.maxBodySize;
	}

	/**
	 * Start building an {@link McpTracing} on the given OpenTelemetry instance.
	 * @param openTelemetry the OpenTelemetry instance (Boot's bean in an application)
	 * @return a builder
	 */
	public static Builder builder(OpenTelemetry openTelemetry) {
		return new Builder(openTelemetry);
	}

	/**
	 * Trace every request sent through the given client transport. The server address is
	 * read from the SDK's HTTP transports.
	 * @param transport the transport to trace
	 * @return a transport that traces and delegates to {@code transport};
	 * {@code transport} itself when it is already traced
	 */
	public McpClientTransport instrument(McpClientTransport transport) {
		return instrument(transport, null);
	}

	/**
	 * Trace every request sent through the given client transport to the given server.
	 * @param transport the transport to trace
	 * @param serverUri the server's URI for {@code server.address} and
	 * {@code server.port}, or {@code null} to read it from the transport
	 * @return a transport that traces and delegates to {@code transport}
	 */
	public McpClientTransport instrument(McpClientTransport transport, @Nullable URI serverUri) {
		Assert.notNull(transport, "'transport' must not be null");
		if (transport instanceof TracingMcpClientTransport) {
			return transport;
		}
		return new TracingMcpClientTransport(transport, serverUri, this);
	}

	/**
	 * Trace every call of a tool served by an MCP server.
	 * @param specification the tool
	 * @return the same tool with a traced call handler
	 */
	public McpServerFeatures.SyncToolSpecification instrument(McpServerFeatures.SyncToolSpecification specification) {
		return McpServerHandlers.tool(specification, this);
	}

	/**
	 * Trace every call of a tool served by an asynchronous MCP server.
	 * @param specification the tool
	 * @return the same tool with a traced call handler
	 */
	public McpServerFeatures.AsyncToolSpecification instrument(McpServerFeatures.AsyncToolSpecification specification) {
		return McpServerHandlers.tool(specification, this);
	}

	/**
	 * Trace every read of a resource served by an MCP server.
	 * @param specification the resource
	 * @return the same resource with a traced read handler
	 */
	public McpServerFeatures.SyncResourceSpecification instrument(
			McpServerFeatures.SyncResourceSpecification specification) {
		return McpServerHandlers.resource(specification, this);
	}

	/**
	 * Trace every request for a prompt served by an MCP server.
	 * @param specification the prompt
	 * @return the same prompt with a traced handler
	 */
	public McpServerFeatures.SyncPromptSpecification instrument(
			McpServerFeatures.SyncPromptSpecification specification) {
		return McpServerHandlers.prompt(specification, this);
	}

	/**
	 * Trace every read of a resource served by an asynchronous MCP server.
	 * @param specification the resource
	 * @return the same resource with a traced read handler
	 */
	public McpServerFeatures.AsyncResourceSpecification instrument(
			McpServerFeatures.AsyncResourceSpecification specification) {
		return McpServerHandlers.resource(specification, this);
	}

	/**
	 * Trace every request for a prompt served by an asynchronous MCP server.
	 * @param specification the prompt
	 * @return the same prompt with a traced handler
	 */
	public McpServerFeatures.AsyncPromptSpecification instrument(
			McpServerFeatures.AsyncPromptSpecification specification) {
		return McpServerHandlers.prompt(specification, this);
	}

	/**
	 * A stdio server transport on {@code System.in} and {@code System.out} whose every
	 * request is one SERVER span, from the moment it is read to the moment its response
	 * is sent, with its JSON-RPC id, the negotiated protocol version and the parent read
	 * from {@code params._meta}.
	 * @param jsonMapper the JSON mapper of the server
	 * @return the transport provider to build the server with
	 */
	public McpServerTransportProvider stdioServerTransportProvider(McpJsonMapper jsonMapper) {
		return stdioServerTransportProvider(jsonMapper, System.in, System.out);
	}

	/**
	 * A stdio server transport on the given streams whose every request is one SERVER
	 * span.
	 * @param jsonMapper the JSON mapper of the server
	 * @param in where the client's messages are read from
	 * @param out where the server's messages are written to
	 * @return the transport provider to build the server with
	 * @see #stdioServerTransportProvider(McpJsonMapper)
	 */
	public McpServerTransportProvider stdioServerTransportProvider(McpJsonMapper jsonMapper, InputStream in,
			OutputStream out) {
		Assert.notNull(in, "'in' must not be null");
		McpServerSessionCalls calls = new McpServerSessionCalls(this, McpAttributes.TRANSPORT_PIPE, null);
		return new TracingMcpServerTransportProvider(
				new StdioServerTransportProvider(jsonMapper, new StdioRequestsInputStream(in, calls), out), this,
				calls);
	}

	/**
	 * Trace the responses of a server transport provider whose requests an
	 * {@link McpServerHttpFilter#forSseServer SSE filter} sees on their way in: together
	 * they make every request one SERVER span. Build the server with the returned
	 * provider and register the original one (a servlet) as before.
	 * @param provider the transport provider, such as an
	 * {@code HttpServletSseServerTransportProvider}
	 * @return a provider that traces and delegates to {@code provider}
	 */
	public McpServerTransportProvider instrument(McpServerTransportProvider provider) {
		Assert.notNull(provider, "'provider' must not be null");
		if (provider instanceof TracingMcpServerTransportProvider) {
			return provider;
		}
		return new TracingMcpServerTransportProvider(provider, this, null);
	}

	/**
	 * Trace every exchange of a client of the SDK's
	 * {@code io.modelcontextprotocol.modern} API ({@code McpClient.sync(transport)}). Its
	 * HTTP transport keeps the server's URI to itself: use
	 * {@link #instrument(io.modelcontextprotocol.modern.client.transport.McpClientTransport, URI)}
	 * to have {@code server.address} and {@code server.port}.
	 * @param transport the transport to trace
	 * @return a transport that traces and delegates to {@code transport};
	 * {@code transport} itself when it is already traced
	 */
	public io.modelcontextprotocol.modern.client.transport.McpClientTransport instrument(
			io.modelcontextprotocol.modern.client.transport.McpClientTransport transport) {
		return instrument(transport, null);
	}

	/**
	 * Trace every exchange of a client of the SDK's
	 * {@code io.modelcontextprotocol.modern} API with the given server.
	 * @param transport the transport to trace
	 * @param serverUri the server's URI for {@code server.address} and
	 * {@code server.port}, or {@code null}
	 * @return a transport that traces and delegates to {@code transport}
	 */
	public io.modelcontextprotocol.modern.client.transport.McpClientTransport instrument(
			io.modelcontextprotocol.modern.client.transport.McpClientTransport transport, @Nullable URI serverUri) {
		Assert.notNull(transport, "'transport' must not be null");
		if (transport instanceof TracingModernMcpClientTransport) {
			return transport;
		}
		return new TracingModernMcpClientTransport(transport, serverUri, this);
	}

	/**
	 * Trace every request and notification handled by a server of the SDK's
	 * {@code io.modelcontextprotocol.modern} API: give its transports
	 * ({@code HttpServletMcpTransport.builder(...)}, {@code new StdioMcpTransport(...)})
	 * the returned manager in place of the {@code McpServer}.
	 * @param requestManager the request manager, such as an {@code McpServer}
	 * @return a request manager that traces and delegates to {@code requestManager};
	 * {@code requestManager} itself when it is already traced
	 */
	public McpRequestManager instrument(McpRequestManager requestManager) {
		Assert.notNull(requestManager, "'requestManager' must not be null");
		if (requestManager instanceof TracingMcpRequestManager) {
			return requestManager;
		}
		return new TracingMcpRequestManager(requestManager, this);
	}

	Tracer tracer() {
		return this.tracer;
	}

	MetaPropagation propagation() {
		return this.propagation;
	}

	@Nullable AgentTracer agentTracer() {
		return this.agentTracer;
	}

	ContentRecorder content() {
		return this.content;
	}

	McpMetrics metrics() {
		return this.metrics;
	}

	String serverTransport() {
		return this.serverTransport;
	}

	McpServerSessions serverSessions() {
		return this.serverSessions;
	}

	int maxBodySize() {
		return this.maxBodySize;
	}

	/**
	 * Builds an {@link McpTracing}.
	 */
	public static final class Builder {

		private final OpenTelemetry openTelemetry;

		private @Nullable AgentTracer agentTracer;

		private @Nullable ContentRecorder content;

		private @Nullable MeterRegistry meterRegistry;

		private @Nullable OtlpDurationHistograms otlpDurations;

		private String serverTransport = McpAttributes.TRANSPORT_TCP;

		private int maxBodySize = (int) DEFAULT_MAX_BODY_SIZE.toBytes();

		private Builder(OpenTelemetry openTelemetry) {
			Assert.notNull(openTelemetry, "'openTelemetry' must not be null");
			this.openTelemetry = openTelemetry;
		}

		/**
		 * The tracer whose tool executions a {@code tools/call} joins: when one of its
		 * tool spans is current, the MCP attributes go on that span instead of a second
		 * span.
		 * @param agentTracer the agent tracer, or {@code null}
		 * @return this builder
		 */
		public Builder agentTracer(@Nullable AgentTracer agentTracer) {
			this.agentTracer = agentTracer;
			return this;
		}

		/**
		 * How tool arguments and results are recorded (only when content recording is on)
		 * and how error messages are redacted.
		 * @param content the content recorder, or {@code null} for the default (off)
		 * @return this builder
		 */
		public Builder content(@Nullable ContentRecorder content) {
			this.content = content;
			return this;
		}

		/**
		 * Where the duration histograms go.
		 * @param meterRegistry the registry, or {@code null} for no metrics
		 * @return this builder
		 */
		public Builder meterRegistry(@Nullable MeterRegistry meterRegistry) {
			this.meterRegistry = meterRegistry;
			return this;
		}

		/**
		 * Where the duration histograms go over OTLP in seconds, through the
		 * OpenTelemetry SDK's exporter (Micrometer's OTLP registry then leaves them out).
		 * @param otlpDurations agent-tracing's OTLP durations, or {@code null} to leave
		 * OTLP to the meter registry
		 * @return this builder
		 */
		public Builder otlpDurations(@Nullable OtlpDurationHistograms otlpDurations) {
			this.otlpDurations = otlpDurations;
			return this;
		}

		/**
		 * The {@code network.transport} of the server spans: {@code pipe} for a stdio
		 * server, {@code tcp} (the default) for HTTP. The server handlers cannot tell it
		 * themselves.
		 * @param serverTransport the transport
		 * @return this builder
		 */
		public Builder serverTransport(String serverTransport) {
			Assert.hasText(serverTransport, "'serverTransport' must not be empty");
			this.serverTransport = serverTransport;
			return this;
		}

		/**
		 * The most of an HTTP request's or response's body the filters in front of MCP
		 * servers ({@link McpServerHttpFilter}, {@link McpServerWebFilter}) hold to read
		 * its JSON-RPC message. A longer body passes on unchanged, held no further than
		 * this; its span has what the first bytes say.
		 * @param maxBodySize the size, at least 1 byte and at most 1GB
		 * @return this builder
		 */
		public Builder maxBodySize(DataSize maxBodySize) {
			Assert.notNull(maxBodySize, "'maxBodySize' must not be null");
			Assert.isTrue(maxBodySize.toBytes() > 0 && maxBodySize.toBytes() <= MAX_BODY_SIZE_LIMIT.toBytes(),
					() -> "the body size must be at least 1B and at most " + MAX_BODY_SIZE_LIMIT);
			this.maxBodySize = (int) maxBodySize.toBytes();
			return this;
		}

		/**
		 * Build it.
		 * @return a new {@link McpTracing}
		 */
		public McpTracing build() {
			return new McpTracing(this);
		}

	}

}
