package dev.agenttracing.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads one of Boot's own {@code @ConfigurationProperties} classes: the bean Boot bound,
 * or, when Boot's auto-configuration did not create it, the class bound here from the
 * same environment. Either way Boot's defaults come from Boot's class, never from a copy
 * of ours.
 *
 * @author agent-tracing
 */
final class BootProperties {

	private BootProperties() {
	}

	/**
	 * Boot's properties of the given type.
	 * @param <T> the properties type
	 * @param beanFactory where Boot registered its bean, if it did
	 * @param environment to bind from otherwise
	 * @param prefix the class's {@code @ConfigurationProperties} prefix
	 * @param type the class
	 * @return the bound properties
	 */
	static <T> T get(BeanFactory beanFactory, Environment environment, String prefix, Class<T> type) {
		return beanFactory.getBeanProvider(type)
			.getIfAvailable(() -> Binder.get(environment).bindOrCreate(prefix, type));
	}

}
