package dev.agenttracing.langchain4j.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.agenttracing.langchain4j.LangChain4jTracing;

/**
 * Announces, before any bean is created, that the auto-configuration will install a
 * tracer: an application's AI service beans may be built before the tracer is installed,
 * and LangChain4j decides at build time whether an AI service can be traced. Withdrawn
 * when the context closes.
 *
 * @author agent-tracing
 */
final class LangChain4jTracingExpectation implements BeanFactoryPostProcessor, DisposableBean {

	private volatile LangChain4jTracing.@Nullable Expectation expectation;

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.expectation == null) {
			this.expectation = LangChain4jTracing.expect();
		}
	}

	@Override
	public void destroy() {
		LangChain4jTracing.Expectation expectation = this.expectation;
		if (expectation != null) {
			this.expectation = null;
			expectation.close();
		}
	}

}
