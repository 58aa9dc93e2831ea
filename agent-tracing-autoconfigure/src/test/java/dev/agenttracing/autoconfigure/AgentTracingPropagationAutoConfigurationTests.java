package dev.agenttracing.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.context.OpenTelemetryContextTaskDecorator;
import dev.agenttracing.context.OpenTelemetryContextThreadLocalAccessor;

import static org.assertj.core.api.Assertions.assertThat;

class AgentTracingPropagationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentTracingPropagationAutoConfiguration.class));

	@BeforeEach
	void unregisterAccessor() {
		// The registry is global: start every test from a registry without ours.
		ContextRegistry.getInstance().removeThreadLocalAccessor(OpenTelemetryContextThreadLocalAccessor.KEY);
	}

	@Test
	void providesTaskDecoratorAndRegistersThreadLocalAccessor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetryContextTaskDecorator.class)
				.hasSingleBean(OpenTelemetryContextThreadLocalAccessor.class);
			assertThat(registeredAccessor()).isSameAs(context.getBean(OpenTelemetryContextThreadLocalAccessor.class));
		});
	}

	@Test
	void registersThreadLocalAccessorWithLazyInitialization() {
		this.contextRunner
			.withInitializer(
					(context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(registeredAccessor()).isNotNull());
	}

	@Test
	void taskDecoratorIsOrderedFirstAmongBootsDecorators() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withPropertyValues("spring.task.execution.propagate-context=true")
			.run((context) -> assertThat(context.getBeanProvider(TaskDecorator.class).orderedStream().toList())
				.hasSize(2)
				.first()
				.isInstanceOf(OpenTelemetryContextTaskDecorator.class));
	}

	@Test
	void createsNothingWhenDisabled() {
		this.contextRunner.withPropertyValues("agent.tracing.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(OpenTelemetryContextTaskDecorator.class)
				.doesNotHaveBean(OpenTelemetryContextThreadLocalAccessor.class);
			assertThat(registeredAccessor()).isNull();
		});
	}

	@Test
	void backsOffToUserBeans() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetryContextTaskDecorator.class)
				.hasSingleBean(OpenTelemetryContextThreadLocalAccessor.class);
			assertThat(context).getBean("userTaskDecorator")
				.isSameAs(context.getBean(OpenTelemetryContextTaskDecorator.class));
			assertThat(context).getBean("userAccessor")
				.isSameAs(context.getBean(OpenTelemetryContextThreadLocalAccessor.class));
			// A user's accessor is theirs to register.
			assertThat(registeredAccessor()).isNull();
		});
	}

	@Test
	void noThreadLocalAccessorWithoutContextPropagation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextRegistry.class)).run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetryContextTaskDecorator.class)
				.doesNotHaveBean(OpenTelemetryContextThreadLocalAccessor.class);
			assertThat(registeredAccessor()).isNull();
		});
	}

	@Test
	void worksWithoutReactor() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(AgentTracingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("reactor."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AgentTracer.class)
				.hasSingleBean(OpenTelemetryContextTaskDecorator.class)
				.hasSingleBean(OpenTelemetryContextThreadLocalAccessor.class));
	}

	private static ThreadLocalAccessor<?> registeredAccessor() {
		return ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.filter((accessor) -> accessor.key().equals(OpenTelemetryContextThreadLocalAccessor.KEY))
			.findFirst()
			.orElse(null);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		OpenTelemetryContextTaskDecorator userTaskDecorator() {
			return new OpenTelemetryContextTaskDecorator();
		}

		@Bean
		OpenTelemetryContextThreadLocalAccessor userAccessor() {
			return new OpenTelemetryContextThreadLocalAccessor();
		}

	}

}
