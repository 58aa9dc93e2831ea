package dev.agenttracing.mcp;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A real MCP SDK server over streamable HTTP, in its own Tomcat on 127.0.0.1 and an
 * ephemeral port, with three tools, a resource and a prompt. A servlet filter in front of
 * the SDK's servlet keeps every request body as it arrived on the wire.
 */
final class McpTestServer implements AutoCloseable {

	static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

	final List<String> requestBodies = new CopyOnWriteArrayList<>();

	private final Tomcat tomcat;

	private final McpSyncServer server;

	private final int port;

	McpTestServer(McpTracing serverTracing) throws Exception {
		HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
			.jsonMapper(JSON)
			.mcpEndpoint("/mcp")
			.build();
		this.server = McpServer.sync(provider)
			.serverInfo("weather-server", "1.0.0")
			.capabilities(
					McpSchema.ServerCapabilities.builder().tools(true).resources(false, false).prompts(false).build())
			.tools(serverTracing.instrument(tool("get_weather",
					(arguments) -> McpSchema.CallToolResult.builder()
						.addTextContent("rainy in " + arguments.get("city"))
						.build())),
					serverTracing.instrument(tool("flaky_forecast",
							(arguments) -> McpSchema.CallToolResult.builder()
								.addTextContent("forecast service unavailable")
								.isError(true)
								.build())))
			.resources(serverTracing.instrument(new McpServerFeatures.SyncResourceSpecification(
					McpSchema.Resource.builder("file:///cities.txt", "cities").mimeType("text/plain").build(),
					(exchange, request) -> new McpSchema.ReadResourceResult(
							List.of(new McpSchema.TextResourceContents(request.uri(), "text/plain", "Paris"))))))
			.prompts(serverTracing.instrument(new McpServerFeatures.SyncPromptSpecification(
					new McpSchema.Prompt("trip", "Plan a trip", List.of()),
					(exchange, request) -> new McpSchema.GetPromptResult("Plan a trip",
							List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
									new McpSchema.TextContent("Plan a trip to Paris")))))))
			.build();
		this.tomcat = startTomcat("mcp-tomcat", provider, this.requestBodies,
				Map.of("mcp-tracing", new McpServerHttpFilter(serverTracing)));
		this.port = this.tomcat.getConnector().getLocalPort();
	}

	/**
	 * A Tomcat on a free port of 127.0.0.1 serving {@code servlet} on {@code /mcp}, with
	 * a filter that records every request body in {@code requestBodies} on all paths and
	 * the given filters on {@code /mcp}, started.
	 */
	static Tomcat startTomcat(String baseDirPrefix, Servlet servlet, List<String> requestBodies,
			Map<String, Filter> mcpFilters) throws Exception {
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory(baseDirPrefix).toString());
		Connector connector = new Connector();
		connector.setPort(0);
		connector.setProperty("address", "127.0.0.1");
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "mcp", servlet).setAsyncSupported(true);
		context.addServletMappingDecoded("/mcp", "mcp");
		addFilter(context, "capture", captureBodies(requestBodies), "/*");
		mcpFilters.forEach((name, filter) -> addFilter(context, name, filter, "/mcp"));
		tomcat.start();
		return tomcat;
	}

	private static void addFilter(Context context, String name, Filter filter, String urlPattern) {
		FilterDef definition = new FilterDef();
		definition.setFilterName(name);
		definition.setFilter(filter);
		definition.setAsyncSupported("true");
		context.addFilterDef(definition);
		FilterMap mapping = new FilterMap();
		mapping.setFilterName(name);
		mapping.addURLPattern(urlPattern);
		context.addFilterMap(mapping);
	}

	static McpServerFeatures.SyncToolSpecification tool(String name,
			java.util.function.Function<Map<String, Object>, McpSchema.CallToolResult> work) {
		return McpServerFeatures.SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder()
				.name(name)
				.description("Test tool " + name)
				.inputSchema(JSON, "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")
				.build())
			.callHandler((exchange, request) -> work.apply(request.arguments()))
			.build();
	}

	int port() {
		return this.port;
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	List<Map<String, Object>> requests() {
		return this.requestBodies.stream().map(McpTestServer::read).toList();
	}

	static Map<String, Object> read(String body) {
		try {
			return JSON.readValue(body, new io.modelcontextprotocol.json.TypeRef<Map<String, Object>>() {
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A filter that keeps the body of every POST as it arrived, and hands it on.
	 */
	static Filter captureBodies(List<String> bodies) {
		return (request, response, chain) -> {
			HttpServletRequest http = (HttpServletRequest) request;
			if (!"POST".equals(http.getMethod())) {
				chain.doFilter(request, response);
				return;
			}
			byte[] body = http.getInputStream().readAllBytes();
			bodies.add(new String(body, StandardCharsets.UTF_8));
			chain.doFilter(new CachedBody(http, body), response);
		};
	}

	@Override
	public void close() throws Exception {
		this.server.closeGracefully();
		this.tomcat.stop();
		this.tomcat.destroy();
	}

	private static final class CachedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

		@Override
		public BufferedReader getReader() throws IOException {
			return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
