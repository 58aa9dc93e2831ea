package dev.agenttracing.langchain4j.autoconfigure;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.langchain4j.AgentTracingChatModelListener;
import dev.agenttracing.langchain4j.LangChain4jTracing;
import dev.agenttracing.langchain4j.LangChain4jTracingAccess;
import dev.langchain4j.service.AiServiceContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LangChain4j integration's auto-configuration: on with LangChain4j, off without it,
 * with its switch off or with tracing off, and it uninstalls its tracer when the context
 * closes.
 *
 * @author agent-tracing
 */
class AgentTracingLangChain4jAutoConfigurationTests {

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
			.build())
		.build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentTracingAutoConfiguration.class,
				AgentTracingLangChain4jAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry);

	@AfterEach
	void close() {
		this.openTelemetry.close();
	}

	@Test
	void installsBootsTracerForAiServicesAndProvidesTheListener() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LangChain4jTracing.class)
				.hasSingleBean(AgentTracingChatModelListener.class);
			assertThat(context.getBean(LangChain4jTracing.class).getAgentTracer())
				.isSameAs(context.getBean(AgentTracer.class));
			assertThat(LangChain4jTracingAccess.installed()).isSameAs(context.getBean(AgentTracer.class));
			assertThat(LangChain4jTracingAccess.isTraced(AiServiceContext.create(Greeter.class))).isTrue();
		});
		assertThat(LangChain4jTracingAccess.installed()).isNull();
		assertThat(LangChain4jTracingAccess.isPlain(AiServiceContext.create(Greeter.class))).isTrue();
	}

	@Test
	void aiServicesBuiltBeforeTheTracerIsInstalledAreTraceable() {
		this.contextRunner.withBean("greeterContext", AiServiceContext.class, () -> {
			assertThat(LangChain4jTracingAccess.installed()).isNull();
			return AiServiceContext.create(Greeter.class);
		}).run((context) -> {
			assertThat(LangChain4jTracingAccess.isTraced(context.getBean(AiServiceContext.class))).isTrue();
		});
	}

	@Test
	void backsOffWithoutLangChain4jOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("dev.langchain4j.")).run((context) -> {
			assertThat(context).hasSingleBean(AgentTracer.class)
				.doesNotHaveBean(LangChain4jTracing.class)
				.doesNotHaveBean(AgentTracingChatModelListener.class);
			assertThat(LangChain4jTracingAccess.installed()).isNull();
		});
	}

	@Test
	void tracesAgenticSystemBeansWithLangChain4jAgentic() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(AgenticRootAgentPostProcessor.class));
	}

	@Test
	void tracesAiServicesWithoutLangChain4jAgentic() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("dev.langchain4j.agentic.")).run((context) -> {
			assertThat(context).hasSingleBean(LangChain4jTracing.class)
				.doesNotHaveBean(AgenticRootAgentPostProcessor.class);
		});
	}

	@Test
	void backsOffWithoutLangChain4jAiServices() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("dev.langchain4j.service.")).run((context) -> {
			assertThat(context).doesNotHaveBean(LangChain4jTracing.class);
		});
	}

	@Test
	void switchedOffByItsProperty() {
		this.contextRunner.withPropertyValues("agent.tracing.langchain4j.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(AgentTracer.class)
				.doesNotHaveBean(LangChain4jTracing.class)
				.doesNotHaveBean(AgenticRootAgentPostProcessor.class);
			assertThat(LangChain4jTracingAccess.installed()).isNull();
			assertThat(LangChain4jTracingAccess.isPlain(AiServiceContext.create(Greeter.class))).isTrue();
		});
	}

	@Test
	void nothingWhenTracingIsOff() {
		this.contextRunner.withPropertyValues("agent.tracing.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AgentTracer.class)
				.doesNotHaveBean(LangChain4jTracing.class)
				.doesNotHaveBean(AgentTracingChatModelListener.class)
				.doesNotHaveBean(AgenticRootAgentPostProcessor.class);
			assertThat(LangChain4jTracingAccess.installed()).isNull();
			assertThat(LangChain4jTracingAccess.isPlain(AiServiceContext.create(Greeter.class))).isTrue();
		});
	}

	@Test
	void applicationsOwnInstallationWins() {
		this.contextRunner
			.withBean("myTracing", LangChain4jTracing.class,
					() -> LangChain4jTracing.install(AgentTracer.builder(OpenTelemetry.noop()).build()))
			.run((context) -> {
				assertThat(context).hasSingleBean(LangChain4jTracing.class);
				assertThat(context.getBean(LangChain4jTracing.class).getAgentTracer())
					.isNotSameAs(context.getBean(AgentTracer.class));
			});
	}

	interface Greeter {

		String greet(String message);

	}

}
