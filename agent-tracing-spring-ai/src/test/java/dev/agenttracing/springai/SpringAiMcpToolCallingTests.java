package dev.agenttracing.springai;

import java.nio.file.Files;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP tools through Spring AI tool calling: Spring AI's MCP client auto-configuration
 * connects to a real MCP SDK server (streamable HTTP, 127.0.0.1), its
 * {@code SyncMcpToolCallbackProvider} feeds a {@code ChatClient}, and the model (an
 * OpenAI-compatible server) calls the tool. Each tool execution is one span, with the
 * model's tool call id and the MCP client attributes on that same span.
 */
class SpringAiMcpToolCallingTests {

	private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

	private static ScriptedModelServer models;

	private static Tomcat tomcat;

	private static McpSyncServer mcpServer;

	private static int mcpPort;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() throws Exception {
		models = new ScriptedModelServer();
		startMcpServer();
		String[] properties = SpringAiTracingIntegrationTests.properties(models);
		context = new SpringApplicationBuilder(McpTravelApp.class).web(WebApplicationType.NONE)
			.properties(properties)
			.properties("spring.ai.mcp.client.streamable-http.connections.weather.url=http://127.0.0.1:" + mcpPort,
					"spring.ai.mcp.client.streamable-http.connections.weather.endpoint=/mcp",
					"spring.ai.mcp.client.request-timeout=20s")
			.run();
	}

	private static void startMcpServer() throws Exception {
		HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
			.jsonMapper(JSON)
			.mcpEndpoint("/mcp")
			.build();
		mcpServer = McpServer.sync(provider)
			.serverInfo("weather-server", "1.0.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(tool("get_weather", "Current weather of a city", false), tool("get_forecast", "Forecast", true))
			.build();
		tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory("mcp-tomcat").toString());
		Connector connector = new Connector();
		connector.setPort(0);
		connector.setProperty("address", "127.0.0.1");
		tomcat.setConnector(connector);
		Context servletContext = tomcat.addContext("", null);
		Tomcat.addServlet(servletContext, "mcp", provider).setAsyncSupported(true);
		servletContext.addServletMappingDecoded("/mcp", "mcp");
		tomcat.start();
		mcpPort = connector.getLocalPort();
	}

	private static McpServerFeatures.SyncToolSpecification tool(String name, String description, boolean fails) {
		return McpServerFeatures.SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder()
				.name(name)
				.description(description)
				.inputSchema(JSON, "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")
				.build())
			.callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
				.addTextContent(fails ? "forecast service unavailable" : "rainy in " + request.arguments().get("city"))
				.isError(fails)
				.build())
			.build();
	}

	@AfterAll
	static void stop() throws Exception {
		if (context != null) {
			context.close();
		}
		if (mcpServer != null) {
			mcpServer.closeGracefully();
		}
		if (tomcat != null) {
			tomcat.stop();
			tomcat.destroy();
		}
		if (models != null) {
			models.close();
		}
	}

	@Test
	void mcpToolCalledByTheModelIsOneToolSpanWithTheCallIdAndTheMcpAttributes() {
		InMemorySpanExporter exporter = context.getBean(McpTravelApp.CapturedSpans.class).exporter();
		exporter.reset();
		models.reset();
		models.reply(OpenAiWire.toolCall("chatcmpl-1", "call_mcp_1", "get_weather", "{\"city\":\"Paris\"}", 50, 10, 0))
			.reply(OpenAiWire.text("chatcmpl-2", "Rainy in Paris.", 70, 5));

		assertThat(context.getBean(McpAgent.class).plan("Weather in Paris?")).isEqualTo("Rainy in Paris.");

		List<SpanData> spans = exporter.getFinishedSpanItems();
		String tree = SpanTree.render(spans);
		SpanData run = SpringAiTracingIntegrationTests.single(spans, "invoke_agent mcp-planner");
		List<SpanData> toolSpans = spans.stream().filter((span) -> span.getName().contains("get_weather")).toList();
		assertThat(toolSpans).as(tree).hasSize(1);
		SpanData tool = toolSpans.get(0);
		assertThat(tool.getName()).isEqualTo("execute_tool get_weather");
		assertThat(tool.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(tool.getTraceId()).isEqualTo(run.getTraceId());
		assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(tool.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_DESCRIPTION)).isEqualTo("Current weather of a city");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_mcp_1");
		assertThat(tool.getAttributes().get(McpAttributes.METHOD_NAME)).as(tree).isEqualTo("tools/call");
		assertThat(tool.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).isEqualTo("tcp");
		assertThat(tool.getAttributes().get(GenAiAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
		assertThat(tool.getAttributes().get(GenAiAttributes.SERVER_PORT)).isEqualTo((long) mcpPort);
		// The MCP request goes out under the tool span: the model's second call sees its
		// result.
		assertThat(SpringAiTracingIntegrationTests.named(spans, "chat gpt-4o-mini")).as(tree).hasSize(2);
		assertThat(models.requests().get(1).toString()).contains("rainy in Paris").contains("call_mcp_1");
		SemconvCheck.assertNoFindings(spans.stream()
			.filter((
					span) -> span.getInstrumentationScopeInfo().getName().equals(GenAiAttributes.INSTRUMENTATION_SCOPE))
			.toList());
	}

	@Test
	void mcpToolThatReportsAnErrorIsOneFailedToolSpanAndTheModelStillGetsTheError() {
		InMemorySpanExporter exporter = context.getBean(McpTravelApp.CapturedSpans.class).exporter();
		exporter.reset();
		models.reset();
		models.reply(OpenAiWire.toolCall("chatcmpl-3", "call_mcp_2", "get_forecast", "{\"city\":\"Paris\"}", 50, 10, 0))
			.reply(OpenAiWire.text("chatcmpl-4", "No forecast today.", 70, 5));

		assertThat(context.getBean(McpAgent.class).plan("Forecast for Paris?")).isEqualTo("No forecast today.");

		List<SpanData> spans = exporter.getFinishedSpanItems();
		String tree = SpanTree.render(spans);
		List<SpanData> toolSpans = spans.stream().filter((span) -> span.getName().contains("get_forecast")).toList();
		assertThat(toolSpans).as(tree).hasSize(1);
		SpanData tool = toolSpans.get(0);
		assertThat(tool.getName()).isEqualTo("execute_tool get_forecast");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_mcp_2");
		assertThat(tool.getAttributes().get(McpAttributes.METHOD_NAME)).isEqualTo("tools/call");
		// The tool span is its owner's: Spring AI's MCP callback throws on isError, and
		// the
		// span records what it throws. The MCP client meter records the MCP outcome.
		assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(tool.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("java.lang.IllegalStateException");
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		assertThat(meters.find(McpAttributes.CLIENT_OPERATION_DURATION)
			.tag("mcp.method.name", "tools/call")
			.tag("gen_ai.tool.name", "get_forecast")
			.tag("error.type", "tool_error")
			.timer()).as("failed tools/call meter")
			.isNotNull()
			.satisfies((timer) -> assertThat(timer.count()).isEqualTo(1));
		assertThat(meters.find(McpAttributes.CLIENT_OPERATION_DURATION)
			.tag("gen_ai.tool.name", "get_forecast")
			.tag("error.type", "")
			.timer()).isNull();
		// Spring AI still hands the model what its exception processor makes of the
		// failure.
		assertThat(models.requests().get(1).toString()).contains("forecast service unavailable").contains("call_mcp_2");
		SemconvCheck.assertNoFindings(spans.stream()
			.filter((
					span) -> span.getInstrumentationScopeInfo().getName().equals(GenAiAttributes.INSTRUMENTATION_SCOPE))
			.toList());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class McpTravelApp {

		@Bean
		CapturedSpans capturedSpans() {
			return new CapturedSpans();
		}

		@Bean
		SpanProcessor testSpanProcessor(CapturedSpans spans) {
			return SimpleSpanProcessor.create(spans.exporter());
		}

		@Bean
		McpAgent mcpAgent(ChatClient.Builder chatClient, ToolCallbackProvider mcpToolCallbacks) {
			return new McpAgent(chatClient.defaultToolCallbacks(mcpToolCallbacks).build());
		}

		static final class CapturedSpans {

			private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

			InMemorySpanExporter exporter() {
				return this.exporter;
			}

		}

	}

	static class McpAgent {

		private final ChatClient chatClient;

		McpAgent(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@AgentRun(name = "mcp-planner")
		String plan(String question) {
			return this.chatClient.prompt().user(question).call().content();
		}

	}

}
