package dev.agenttracing.mcp.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.InvalidAgentTracingPropertyException;
import dev.agenttracing.mcp.McpTracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agenttracing.testsupport.PropertyPaths;

/**
 * The MCP integration's properties: a body size that cannot work fails at startup with
 * agent-tracing's one failure analysis, and the defaults an IDE shows (the module's
 * hand-written metadata) are the values the properties hold.
 */
class McpTracingPropertiesTests {

	private static final ConversionService CONVERSION = ApplicationConversionService.getSharedInstance();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AgentTracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
		.withBean(OpenTelemetry.class, OpenTelemetry::noop);

	@Test
	void startsWithABodySizeWithinItsBounds() {
		this.runner.withPropertyValues("agent.tracing.mcp.max-body-size=1B")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(McpTracing.class));
		this.runner.withPropertyValues("agent.tracing.mcp.max-body-size=1GB")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(McpTracing.class));
	}

	@Test
	void failsAtStartupOnABodySizeThatCannotWork() {
		for (String size : List.of("0B", "-1KB", "2GB")) {
			this.runner.withPropertyValues("agent.tracing.mcp.max-body-size=" + size).run((context) -> {
				assertThat(context).hasFailed();
				InvalidAgentTracingPropertyException ex = cause(context.getStartupFailure());
				assertThat(ex.getProperty()).isEqualTo("agent.tracing.mcp.max-body-size");
				assertThat(ex.getValue()).isEqualTo(DataSize.parse(size).toString());
				assertThat(ex.getReason()).isEqualTo("the body size must be at least 1B and at most 1073741824B");
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid value '" + DataSize.parse(size)
						+ "' for property 'agent.tracing.mcp.max-body-size': the body size must be at least 1B and at most 1073741824B");
				assertThat(analysis.getAction()).isEqualTo(
						"Update 'agent.tracing.mcp.max-body-size' in your application's configuration: set it to a"
								+ " size such as 1MB (the default), at least 1B and at most 1GB.");
			});
		}
	}

	@Test
	void everyDocumentedDefaultIsTheDefaultThePropertiesHold() throws Exception {
		BeanWrapper properties = PropertyAccessorFactory.forBeanPropertyAccess(new McpTracingProperties());
		List<String> checked = new ArrayList<>();
		for (JsonNode property : metadata().path("properties")) {
			String name = property.path("name").asString();
			String path = PropertyPaths.beanPath(name.substring(McpTracingProperties.PREFIX.length() + 1));
			TypeDescriptor type = properties.getPropertyTypeDescriptor(path);
			Object documented = CONVERSION.convert(property.path("defaultValue").asString(),
					TypeDescriptor.valueOf(String.class), type);
			assertThat(properties.getPropertyValue(path)).as(name).isEqualTo(documented);
			checked.add(name);
		}
		assertThat(checked).containsExactlyInAnyOrder("agent.tracing.mcp.enabled", "agent.tracing.mcp.max-body-size");
		assertThat(new McpTracingProperties().getMaxBodySize()).isEqualTo(McpTracing.DEFAULT_MAX_BODY_SIZE)
			.isEqualTo(DataSize.ofMegabytes(1));
	}

	// The module's own metadata, among those of the class path.
	private static JsonNode metadata() throws Exception {
		for (URL url : Collections.list(McpTracingPropertiesTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				JsonNode metadata = JsonMapper.builder().build().readTree(in);
				if (metadata.path("properties").path(0).path("name").asString().startsWith("agent.tracing.mcp.")) {
					return metadata;
				}
			}
		}
		throw new AssertionError("no metadata of agent.tracing.mcp");
	}

	private static InvalidAgentTracingPropertyException cause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidAgentTracingPropertyException property) {
				return property;
			}
		}
		throw new AssertionError("no InvalidAgentTracingPropertyException in " + failure);
	}

	private static FailureAnalysis analyze(Throwable failure) {
		// Boot's own analyzers need a bean factory; they are left out.
		for (FailureAnalyzer analyzer : SpringFactoriesLoader
			.forDefaultResourceLocation(McpTracingPropertiesTests.class.getClassLoader())
			.load(FailureAnalyzer.class, null, (type, name, ex) -> {
			})) {
			if (analyzer.getClass().getName().startsWith("dev.agenttracing.")) {
				FailureAnalysis analysis = analyzer.analyze(failure);
				if (analysis != null) {
					return analysis;
				}
			}
		}
		throw new AssertionError("agent-tracing's failure analyzer does not explain " + failure);
	}

}
