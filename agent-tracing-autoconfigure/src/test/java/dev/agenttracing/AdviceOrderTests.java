package dev.agenttracing;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.agenttracing.TestAgents.WeatherTool;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agent.tracing.aspect-order} places the tracing advice among the application's
 * own {@code @Aspect} advice on the same method: tracing outermost by default, so that
 * what other advice does (retries, transactions) happens inside the span.
 */
class AdviceOrderTests {

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().build())
		.build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, AgentTracingAutoConfiguration.class))
		.withBean(io.opentelemetry.api.OpenTelemetry.class, () -> this.openTelemetry)
		.withUserConfiguration(ApplicationAdvice.class);

	@AfterEach
	void tearDown() {
		this.openTelemetry.close();
	}

	@Test
	void tracingIsOutsideTheApplicationsAdviceByDefault() {
		this.contextRunner.run((context) -> {
			context.getBean(WeatherTool.class).forecast("Paris");
			assertThat(context.getBean(SpanSpy.class).spanInside).containsExactly(true);
		});
	}

	@Test
	void aspectOrderPutsTracingInsideTheApplicationsAdvice() {
		this.contextRunner.withPropertyValues("agent.tracing.aspect-order=10").run((context) -> {
			context.getBean(WeatherTool.class).forecast("Paris");
			assertThat(context.getBean(SpanSpy.class).spanInside).containsExactly(false);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationAdvice {

		@Bean
		WeatherTool weatherTool() {
			return new WeatherTool();
		}

		@Bean
		SpanSpy spanSpy() {
			return new SpanSpy();
		}

	}

	/**
	 * Advice of the application's own, ordered at 0: records whether a span is current
	 * inside it.
	 */
	@Aspect
	@Order(0)
	static class SpanSpy {

		final List<Boolean> spanInside = new ArrayList<>();

		@Around("execution(* dev.agenttracing.TestAgents.WeatherTool.forecast(..))")
		Object spy(ProceedingJoinPoint pjp) throws Throwable {
			this.spanInside.add(Span.current().getSpanContext().isValid());
			return pjp.proceed();
		}

	}

}
