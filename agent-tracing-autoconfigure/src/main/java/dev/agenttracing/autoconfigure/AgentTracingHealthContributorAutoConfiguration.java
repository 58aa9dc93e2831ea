package dev.agenttracing.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.actuate.health.AgentTracingHealthIndicator;
import dev.agenttracing.export.ExportAccounting;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code agentTracing} health
 * contributor (span export state and last error).
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration(after = AgentTracingDeliveryAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnAgentTracingEnabled
@ConditionalOnBean(ExportAccounting.class)
@ConditionalOnEnabledHealthIndicator("agenttracing")
public final class AgentTracingHealthContributorAutoConfiguration {

	AgentTracingHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "agentTracingHealthIndicator")
	AgentTracingHealthIndicator agentTracingHealthIndicator(ExportAccounting accounting,
			AgentTracingProperties properties) {
		return new AgentTracingHealthIndicator(accounting, properties.getExport().getHealth().isDownOnFailure());
	}

}
