package dev.agenttracing.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.function.RouterFunction;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.DeliveryTestSupport;
import dev.agenttracing.actuate.endpoint.AgentRunsEndpoint;
import dev.agenttracing.actuate.endpoint.AgentRunsEndpoint.AgentRunDescriptor;
import dev.agenttracing.actuate.endpoint.AgentRunsEndpoint.AgentRunsDescriptor;
import dev.agenttracing.export.DestinationSpanProcessor;
import dev.agenttracing.export.runs.RecentAgentRuns;
import dev.agenttracing.export.runs.RecentAgentRunsExporter;
import dev.agenttracing.export.runs.RunSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AgentTracingRunsAutoConfigurationTests {

	private final ApplicationContextRunner runner = DeliveryTestSupport.runner()
		.withConfiguration(
				AutoConfigurations.of(AgentTracingRunsAutoConfiguration.class, EndpointAutoConfiguration.class));

	@Test
	void keepsRunsExportedThroughAQueueOfTheirOwnNotBootsBatchProcessor() {
		this.runner.withPropertyValues("agent.tracing.runs.max-runs=7").run((context) -> {
			assertThat(context).hasSingleBean(RecentAgentRuns.class)
				.hasBean("agentTracingRunsSpanProcessor")
				.doesNotHaveBean(RecentAgentRunsExporter.class);
			assertThat(context.getBean("agentTracingRunsSpanProcessor")).isInstanceOf(DestinationSpanProcessor.class);
			assertThat(context.getBean(SpanExporters.class).list()).extracting(Object::toString)
				.noneMatch((name) -> name.contains("RecentAgentRunsExporter"));
			RecentAgentRuns runs = context.getBean(RecentAgentRuns.class);
			DeliveryTestSupport.run(context.getBean(AgentTracer.class));
			await().atMost(Duration.ofSeconds(10)).until(() -> runs.usage().runs() == 1);
			RunSummary run = runs.list((summary) -> true, 10).get(0).summary();
			assertThat(run.agent()).isEqualTo("trip-planner");
			assertThat(run.spanCount()).isEqualTo(4);
			assertThat(runs.usage().maxRuns()).isEqualTo(7);
			// Not exposed: no endpoint bean, as for every endpoint the application did
			// not expose.
			assertThat(context).doesNotHaveBean(AgentRunsEndpoint.class);
		});
	}

	@Test
	void endpointListsFilteredRunsNewestFirstAndReturnsATree() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=agentruns").run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			DeliveryTestSupport.run(tracer);
			DeliveryTestSupport.run(tracer);
			AgentRunsEndpoint endpoint = context.getBean(AgentRunsEndpoint.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> endpoint.runs(null, null, null, null, null).runs().size() == 2);
			AgentRunsDescriptor all = endpoint.runs(null, null, null, null, null);
			assertThat(all.runs().get(0).start()).isAfterOrEqualTo(all.runs().get(1).start());
			assertThat(endpoint.runs("trip-planner", null, null, null, 1).runs()).hasSize(1);
			assertThat(endpoint.runs("local-guide", null, null, null, null).runs()).isEmpty();
			assertThat(endpoint.runs(null, "error", null, null, null).runs()).isEmpty();
			assertThat(endpoint.runs(null, "ok", null, null, null).runs()).hasSize(2);
			assertThat(endpoint.runs(null, null, "someone", null, null).runs()).isEmpty();
			String traceId = all.runs().get(0).traceId();
			AgentRunDescriptor run = endpoint.run(traceId);
			assertThat(run).isNotNull();
			assertThat(run.root().name()).isEqualTo("invoke_agent trip-planner");
			assertThat(run.root().offsetMillis()).isZero();
			assertThat(run.root().attributes()).containsEntry("gen_ai.agent.name", "trip-planner");
			assertThat(run.root().children()).extracting(AgentRunsEndpoint.SpanDescriptor::name)
				.containsExactly("execute_tool get_weather", "execute_tool find_activities");
			assertThat(run.root().children().get(1).children()).singleElement()
				.satisfies((guide) -> assertThat(guide.name()).isEqualTo("invoke_agent local-guide"));
			assertThat(endpoint.run("0af7651916cd43dd8448eb211c80319c")).isNull();
		});
	}

	@Test
	void offWhenRunsAreDisabled() {
		this.runner
			.withPropertyValues("agent.tracing.runs.enabled=false",
					"management.endpoints.web.exposure.include=agentruns")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RecentAgentRuns.class)
				.doesNotHaveBean("agentTracingRunsSpanProcessor")
				.doesNotHaveBean(AgentRunsEndpoint.class));
	}

	@Test
	void offWhenTracingIsDisabledOrExportIsOff() {
		this.runner.withPropertyValues("agent.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RecentAgentRuns.class));
		this.runner.withPropertyValues("management.tracing.export.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RecentAgentRuns.class));
	}

	@Test
	void aNonPositiveMaximumFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("agent.tracing.runs.max-runs=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidAgentTracingPropertyException.class)
				.hasMessageContaining("agent.tracing.runs.max-runs");
		});
	}

	@Test
	void pageIsServedOnlyWhenEnabledInAServletApplication() {
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AgentTracingRunsAutoConfiguration.class))
			.withPropertyValues("management.tracing.sampling.probability=1.0");
		web.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RouterFunction.class));
		web.withPropertyValues("agent.tracing.runs.ui.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(RouterFunction.class));
		web.withPropertyValues("agent.tracing.runs.ui.enabled=true", "agent.tracing.runs.ui.path=agent-runs")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("agent.tracing.runs.ui.path"));
		this.runner.withPropertyValues("agent.tracing.runs.ui.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void pageFindsTheEndpointWhereBootMapsIt() {
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AgentTracingRunsAutoConfiguration.class))
			.withPropertyValues("management.tracing.sampling.probability=1.0", "agent.tracing.runs.ui.enabled=true");
		web.run((context) -> assertThat(endpointJson(context.getBean(RouterFunction.class)))
			.isEqualTo("{\"endpoint\":\"/actuator/agentruns\"}"));
		web.withPropertyValues("management.endpoints.web.base-path=/manage",
				"management.endpoints.web.path-mapping.agentruns=recent")
			.run((context) -> assertThat(endpointJson(context.getBean(RouterFunction.class)))
				.isEqualTo("{\"endpoint\":\"/manage/recent\"}"));
	}

	private static String endpointJson(RouterFunction<?> routes) throws Exception {
		return org.springframework.test.web.servlet.setup.MockMvcBuilders.routerFunctions(routes)
			.build()
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.get("/agent-runs/endpoint.json"))
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}
