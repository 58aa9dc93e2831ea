package dev.agenttracing.mcp;

import java.nio.file.Path;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Spring AI MCP server over stdio ({@code spring.ai.mcp.server.stdio=true}) with
 * agent-tracing's auto-configuration and no tracing code, run in a child JVM by
 * {@link SpringAiMcpStdioServerTracingTests}. Its spans go to the file named by the
 * system property {@code spans} ({@link SpanFile}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SpringAiStdioWeatherServer {

	public static void main(String[] args) {
		SpringApplication.run(SpringAiStdioWeatherServer.class, args);
	}

	@Bean
	OpenTelemetry openTelemetry() {
		return OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder()
				.addSpanProcessor(SimpleSpanProcessor.create(SpanFile.exporter(Path.of(System.getProperty("spans")))))
				.build())
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
	}

	@Bean
	ToolCallbackProvider weatherTools() {
		return MethodToolCallbackProvider.builder().toolObjects(new WeatherTools()).build();
	}

	static class WeatherTools {

		@org.springframework.ai.tool.annotation.Tool(description = "The weather in a city")
		public String getWeather(String city) {
			return "rainy in " + city;
		}

	}

}
