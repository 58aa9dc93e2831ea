package dev.agenttracing.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aspectj.weaver.Advice;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.AgentContextSpanProcessor;
import dev.agenttracing.sampling.AgentRunSampler;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.AgentTracerBuilder;
import dev.agenttracing.sampling.FailedRunSpanProcessor;
import dev.agenttracing.LlmResultExtractor;
import dev.agenttracing.metrics.OperationMetrics;
import dev.agenttracing.support.TracingFaults;
import dev.agenttracing.aop.AgentRunAspect;
import dev.agenttracing.aop.LlmCallAspect;
import dev.agenttracing.aop.ToolAspect;
import dev.agenttracing.aop.TracingExpressionValidator;
import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.content.LlmContentExtractor;
import dev.agenttracing.redact.ContentRedactor;
import dev.agenttracing.redact.Redactor;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for agent-tracing: the
 * {@link AgentTracer} on Boot's {@link OpenTelemetry} and the aspects for the
 * {@code @AgentRun}, {@code @Tool} and {@code @LlmCall} annotations, and the GenAI client
 * metrics on Boot's {@link MeterRegistry}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
// After Boot's SDK so that its OpenTelemetry bean is the one we trace with, and after
// Boot's
// meter registries so that metrics find them.
@AutoConfiguration(
		afterName = { "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ OpenTelemetry.class, Context.class, JsonMapper.class })
@ConditionalOnAgentTracingEnabled
@EnableConfigurationProperties(AgentTracingProperties.class)
@Import(AgentTracingMetricsConfiguration.class)
public final class AgentTracingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(AgentTracingAutoConfiguration.class);

	AgentTracingAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	Redactor agentTracingRedactor(AgentTracingProperties properties, ObjectProvider<ContentRedactor> redactors) {
		return ContentConfigurations.redactor(properties.getContent(), redactors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ContentRecorder agentTracingContentRecorder(AgentTracingProperties properties, Redactor redactor,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<LlmContentExtractor> extractors) {
		ContentRecorder recorder = ContentConfigurations.recorder(properties.getContent(), redactor)
			.jsonMapper(jsonMapper.getIfUnique())
			.extractors(extractors.orderedStream().toList())
			.build();
		if (recorder.isEnabled()) {
			logger.warn("Content recording is on (" + ContentConfigurations.PREFIX + ".enabled=true): prompts,"
					+ " messages, tool arguments and results are recorded on spans and reach every exporter and"
					+ " backend. They may contain sensitive or personal information. Redaction in force: "
					+ redactor.describe() + "; values longer than " + recorder.maxLength()
					+ " characters are truncated.");
		}
		return recorder;
	}

	@Bean
	@ConditionalOnMissingBean
	AgentTracer agentTracer(ObjectProvider<OpenTelemetry> openTelemetry, AgentTracingProperties properties,
			ObjectProvider<LlmResultExtractor> extractors, ObjectProvider<OperationMetrics> metrics,
			ContentRecorder contentRecorder) {
		// Without an OpenTelemetry bean there is nothing to export to: spans are no-ops.
		AgentTracerBuilder builder = AgentTracer.builder(openTelemetry.getIfAvailable(OpenTelemetry::noop))
			.defaultProvider(properties.getDefaultProvider())
			.defaultModel(properties.getDefaultModel())
			.extractors(extractors.orderedStream().toList())
			.pricing(ModelPricingFactory.create(properties.getPricing()))
			.metrics(combined(metrics.orderedStream().toList()))
			.content(contentRecorder)
			.recordFailedRuns(properties.getSampling().isRecordFailedRuns());
		double probability = properties.getSampling().getProbability();
		return PropertyFailures
			.apply(AgentTracingProperties.PREFIX + ".sampling.probability", probability,
					"set it to a probability such as 0.25 (a quarter of agent runs), or 1.0 to record every run.",
					() -> builder.samplingProbability(probability))
			.build();
	}

	// Micrometer's meters and, with OTLP metrics, the durations sent through the SDK:
	// each
	// recorder is isolated from the others' faults.
	private static OperationMetrics combined(List<OperationMetrics> metrics) {
		if (metrics.isEmpty()) {
			return OperationMetrics.NONE;
		}
		if (metrics.size() == 1) {
			return metrics.get(0);
		}
		return (operation) -> {
			for (OperationMetrics recorder : metrics) {
				try {
					recorder.record(operation);
				}
				catch (Throwable ex) {
					TracingFaults.report("recording metrics with " + recorder.getClass().getName(), ex);
				}
			}
		};
	}

	// Every span started inside an AgentContext carries its ids, whoever starts it; the
	// application's sampler is wrapped so that agent runs are sampled by our own
	// probability.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SpanProcessor.class, SdkTracerProviderBuilderCustomizer.class })
	static class SdkConfiguration {

		private static final String BOOT_SAMPLER_CONFIGURATION = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration";

		private static final int MAX_FAILED_RUNS = 1000;

		private static final int MAX_SPANS_PER_FAILED_RUN = 256;

		@Bean
		@ConditionalOnMissingBean
		AgentContextSpanProcessor agentContextSpanProcessor(ContentRecorder contentRecorder) {
			return new AgentContextSpanProcessor(contentRecorder.textRedaction());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(AgentTracingProperties.PREFIX + ".sampling.record-failed-runs")
		FailedRunSpanProcessor agentTracingFailedRunSpanProcessor(ObjectProvider<SpanProcessor> processors,
				ObjectProvider<AgentContextSpanProcessor> stamping) {
			// Looked up on first use: the processors are being collected when this one is
			// created.
			// Ours that only stamp spans at start are left out, by identity: any other
			// processor,
			// whatever its package, exports and gets the failed runs.
			return new FailedRunSpanProcessor(SingletonSupplier.of(() -> {
				Set<SpanProcessor> own = Collections.newSetFromMap(new IdentityHashMap<>());
				stamping.orderedStream().forEach(own::add);
				return processors.orderedStream().filter((processor) -> !own.contains(processor)).toList();
			}), MAX_FAILED_RUNS, MAX_SPANS_PER_FAILED_RUN);
		}

		// Boot's sampler is meant for HTTP traffic and leaves agent runs to our
		// probability; a
		// sampler the application defines is also asked about every run, and can drop it.
		@Bean
		@ConditionalOnMissingBean(name = "agentRunSamplerCustomizer")
		SdkTracerProviderBuilderCustomizer agentRunSamplerCustomizer(ObjectProvider<Sampler> sampler,
				ConfigurableListableBeanFactory beanFactory) {
			return (builder) -> sampler.ifUnique((delegate) -> builder.setSampler((delegate instanceof AgentRunSampler)
					? delegate : new AgentRunSampler(delegate, !isBootsSampler(beanFactory))));
		}

		private static boolean isBootsSampler(ConfigurableListableBeanFactory beanFactory) {
			String[] names = beanFactory.getBeanNamesForType(Sampler.class, false, false);
			if (names.length != 1 || !beanFactory.containsBeanDefinition(names[0])) {
				return false;
			}
			return beanFactory.getBeanDefinition(names[0]) instanceof AnnotatedBeanDefinition definition
					&& definition.getFactoryMethodMetadata() != null
					&& BOOT_SAMPLER_CONFIGURATION.equals(definition.getFactoryMethodMetadata().getDeclaringClassName());
		}

	}

	// The aspects are Spring AOP advisors with plain method interceptors. Boot's AspectJ
	// auto-proxy creator applies them, and it exists only with AspectJ on the classpath.
	// Advisor sorting creates advisors early, while other beans are being proxied. They
	// get only
	// their order (read from the environment) and a lazy tracer, so that a configuration
	// error
	// surfaces from the properties bean itself, with a message naming the property.
	// Infrastructure beans, as Spring's own advisors are: the validator is a
	// BeanPostProcessor,
	// and advisors created while post-processors register are expected, not worth a
	// warning.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Advice.class)
	static class AspectsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static AgentRunAspect agentRunAspect(ObjectProvider<AgentTracer> agentTracer, Environment environment) {
			return new AgentRunAspect(agentTracer::getObject, aspectOrder(environment));
		}

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static ToolAspect toolAspect(ObjectProvider<AgentTracer> agentTracer, Environment environment) {
			return new ToolAspect(agentTracer::getObject, aspectOrder(environment));
		}

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static LlmCallAspect llmCallAspect(ObjectProvider<AgentTracer> agentTracer, Environment environment) {
			return new LlmCallAspect(agentTracer::getObject, aspectOrder(environment));
		}

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static TracingExpressionValidator agentTracingExpressionValidator() {
			return new TracingExpressionValidator();
		}

		private static int aspectOrder(Environment environment) {
			return Binder.get(environment)
				.bind(AgentTracingProperties.PREFIX + ".aspect-order", Integer.class)
				.orElse(AgentTracingProperties.DEFAULT_ASPECT_ORDER);
		}

	}

}
