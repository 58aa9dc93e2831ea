package dev.agenttracing.autoconfigure;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.aspectj.weaver.Advice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.AgentContextSpanProcessor;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.aop.AgentRunAspect;
import dev.agenttracing.aop.ToolAspect;
import dev.agenttracing.aop.TracingExpressionValidator;
import dev.agenttracing.export.DestinationSpanProcessor;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.log.AgentRunLogExporter;

import static org.assertj.core.api.Assertions.assertThat;

class AgentTracingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				AgentTracingAutoConfiguration.class, AgentTracingExportAutoConfiguration.class));

	@Test
	void providesTracerAndAspectsByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(AgentTracer.class)
			.hasSingleBean(AgentRunAspect.class)
			.hasSingleBean(ToolAspect.class)
			.hasSingleBean(AgentTracingProperties.class)
			.doesNotHaveBean(DestinationSpanProcessor.class));
	}

	@Test
	void createsNothingWhenDisabled() {
		this.contextRunner.withPropertyValues("agent.tracing.enabled=false", "agent.tracing.export.log.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTracer.class)
				.doesNotHaveBean(AgentRunAspect.class)
				.doesNotHaveBean(ToolAspect.class)
				.doesNotHaveBean(AgentTracingProperties.class)
				.doesNotHaveBean(DestinationSpanProcessor.class)
				.doesNotHaveBean(AgentContextSpanProcessor.class)
				.doesNotHaveBean(TracingExpressionValidator.class)
				.doesNotHaveBean("agentRunSamplerCustomizer")
				.getBeanNames(Object.class)
				.satisfies((names) -> assertThat(names).noneMatch((name) -> name.contains("agenttracing"))));
	}

	@Test
	void backsOffToUserBeans() {
		this.contextRunner.withUserConfiguration(UserBeans.class)
			.withPropertyValues("agent.tracing.export.log.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(AgentTracer.class)
					.hasSingleBean(AgentRunAspect.class)
					.hasSingleBean(ToolAspect.class)
					.hasSingleBean(DestinationSpanProcessor.class);
				assertThat(context.getBean(AgentTracer.class)).isSameAs(context.getBean(UserBeans.class).tracer);
				assertThat(context.getBean(AgentRunAspect.class).getOrder()).isEqualTo(7);
				assertThat(context.getBean(DestinationSpanProcessor.class))
					.isSameAs(context.getBean(UserBeans.class).logProcessor);
			});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aspectsAreInfrastructureSoStartupLogsNoPostProcessorWarning(CapturedOutput output) {
		// The validator is a BeanPostProcessor: creating it makes the auto-proxy creator
		// look up
		// the advisors, which Spring reports unless they are infrastructure beans.
		this.contextRunner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TracingExpressionValidator.class);
			for (String name : new String[] { "agentRunAspect", "toolAspect", "llmCallAspect",
					"agentTracingExpressionValidator" }) {
				assertThat(context.getBeanFactory().getBeanDefinition(name).getRole())
					.isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
			}
		});
		assertThat(output).doesNotContain("is not eligible for getting processed by all BeanPostProcessors");
	}

	@Test
	void providesRunContextBeans() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(AgentContextSpanProcessor.class)
			.hasSingleBean(TracingExpressionValidator.class)
			.hasBean("agentRunSamplerCustomizer"));
	}

	@Test
	void runContextBeansBackOffToUserBeans() {
		AgentContextSpanProcessor processor = new AgentContextSpanProcessor((value) -> value);
		this.contextRunner.withBean(AgentContextSpanProcessor.class, () -> processor)
			.run((context) -> assertThat(context).getBean(AgentContextSpanProcessor.class).isSameAs(processor));
	}

	@Test
	void noSpanProcessorOrSamplerWithoutTheSdk() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.opentelemetry.sdk.trace"))
			.run((context) -> assertThat(context).hasSingleBean(AgentTracer.class)
				.doesNotHaveBean(AgentContextSpanProcessor.class)
				.doesNotHaveBean("agentRunSamplerCustomizer"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "io.opentelemetry.api", "io.opentelemetry.context" })
	void absentWithoutOpenTelemetryClasses(String packageName) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AgentTracingAutoConfiguration.class,
					AgentTracingExportAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(packageName))
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTracer.class)
				.doesNotHaveBean(AgentRunAspect.class));
	}

	@Test
	void noAspectsWithoutAspectJ() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Advice.class))
			.run((context) -> assertThat(context).hasSingleBean(AgentTracer.class)
				.doesNotHaveBean(AgentRunAspect.class)
				.doesNotHaveBean(ToolAspect.class));
	}

	@Test
	void tracesWithoutAnOpenTelemetryBean() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AgentTracingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(AgentTracer.class).doesNotHaveBean(OpenTelemetry.class);
				AgentTracer tracer = context.getBean(AgentTracer.class);
				assertThat(tracer.agentRun(dev.agenttracing.AgentRunSpec.named("quiet"), () -> "still runs"))
					.isEqualTo("still runs");
			});
	}

	@Test
	void logExporterWhenEnabledHasAQueueOfItsOwnAndIsNoSpanExporterBean() {
		this.contextRunner.withPropertyValues("agent.tracing.export.log.enabled=true").run((context) -> {
			assertThat(context).doesNotHaveBean(SpanExporter.class);
			DestinationSpanProcessor processor = context.getBean("agentTracingLogSpanProcessor",
					DestinationSpanProcessor.class);
			assertThat(processor.getName()).isEqualTo("log");
			assertThat(processor.getExporter()).isInstanceOf(AgentRunLogExporter.class);
			assertThat(processor.getQueue().getCapacity()).isEqualTo(2048);
		});
	}

	@Test
	void logExporterHonoursTracingExportSwitch() {
		this.contextRunner
			.withPropertyValues("agent.tracing.export.log.enabled=true", "management.tracing.export.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DestinationSpanProcessor.class));
	}

	@Test
	void aspectOrderComesFromProperties() {
		this.contextRunner.withPropertyValues("agent.tracing.aspect-order=42").run((context) -> {
			assertThat(context.getBean(AgentRunAspect.class).getOrder()).isEqualTo(42);
			assertThat(context.getBean(ToolAspect.class).getOrder()).isEqualTo(42);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		final AgentTracer tracer = AgentTracer.builder(OpenTelemetry.noop()).build();

		@Bean
		AgentTracer userTracer() {
			return this.tracer;
		}

		@Bean
		AgentRunAspect userAgentRunAspect() {
			return new AgentRunAspect(this.tracer, 7);
		}

		@Bean
		ToolAspect userToolAspect() {
			return new ToolAspect(this.tracer, 7);
		}

		final DestinationSpanProcessor logProcessor = DestinationSpanProcessor
			.builder("log", new AgentRunLogExporter(), new ExportAccounting())
			.build();

		@Bean
		DestinationSpanProcessor agentTracingLogSpanProcessor() {
			return this.logProcessor;
		}

	}

}
