package dev.agenttracing.mcp.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpClientTransport;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.mcp.client.common.autoconfigure.NamedClientMcpTransport;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

import dev.agenttracing.mcp.McpTracing;

/**
 * Instruments the MCP beans of an application as they are created: client transports, the
 * transports of Spring AI's MCP client auto-configuration
 * ({@code List<NamedClientMcpTransport>} beans), and tool, resource and prompt
 * specifications, alone or in {@code List} beans, which is how Spring AI's MCP server
 * auto-configuration collects them. Of the SDK's {@code io.modelcontextprotocol.modern}
 * API, request managers (its {@code McpServer}) and client transports declared as those
 * interfaces. A bean of any other type, or a list holding none of these, is returned as
 * it is.
 *
 * @author agent-tracing
 */
final class McpTracingBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private static final boolean MODERN_API_PRESENT = ClassUtils.isPresent(
			"io.modelcontextprotocol.modern.server.McpRequestManager",
			McpTracingBeanPostProcessor.class.getClassLoader());

	private static final boolean SPRING_AI_CLIENT_PRESENT = ClassUtils.isPresent(
			"org.springframework.ai.mcp.client.common.autoconfigure.NamedClientMcpTransport",
			McpTracingBeanPostProcessor.class.getClassLoader());

	private final ObjectProvider<McpTracing> mcpTracing;

	private @Nullable McpTracing tracing;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	McpTracingBeanPostProcessor(ObjectProvider<McpTracing> mcpTracing) {
		this.mcpTracing = mcpTracing;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof List<?> list) {
			return instrumentList(list);
		}
		Object instrumented = instrument(bean);
		if (instrumented == null && MODERN_API_PRESENT && ModernApi.isInstrumentable(bean)) {
			instrumented = declaredAs(beanName, ModernApi.instrument(bean, tracing()));
		}
		return (instrumented != null) ? instrumented : bean;
	}

	// The modern API's server and transports are final classes: a bean declared as one
	// of them (injected as one) is left alone, one declared as the SDK's interface is
	// decorated.
	private @Nullable Object declaredAs(String beanName, @Nullable Object instrumented) {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (instrumented == null || beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		Class<?> declared = beanFactory.getMergedBeanDefinition(beanName).getResolvableType().resolve();
		return (declared != null && declared.isInstance(instrumented)) ? instrumented : null;
	}

	private Object instrumentList(List<?> list) {
		List<Object> result = null;
		for (int i = 0; i < list.size(); i++) {
			Object element = list.get(i);
			Object instrumented = (element != null) ? instrument(element) : null;
			if (instrumented != null) {
				if (result == null) {
					result = new ArrayList<>(list);
				}
				result.set(i, instrumented);
			}
		}
		return (result != null) ? result : list;
	}

	private @Nullable Object instrument(Object bean) {
		if (bean instanceof McpClientTransport transport) {
			return tracing().instrument(transport);
		}
		if (bean instanceof McpServerFeatures.SyncToolSpecification tool) {
			return tracing().instrument(tool);
		}
		if (bean instanceof McpServerFeatures.AsyncToolSpecification tool) {
			return tracing().instrument(tool);
		}
		if (bean instanceof McpServerFeatures.SyncResourceSpecification resource) {
			return tracing().instrument(resource);
		}
		if (bean instanceof McpServerFeatures.SyncPromptSpecification prompt) {
			return tracing().instrument(prompt);
		}
		if (bean instanceof McpServerFeatures.AsyncResourceSpecification resource) {
			return tracing().instrument(resource);
		}
		if (bean instanceof McpServerFeatures.AsyncPromptSpecification prompt) {
			return tracing().instrument(prompt);
		}
		if (SPRING_AI_CLIENT_PRESENT && SpringAiTransports.isTransport(bean)) {
			return SpringAiTransports.instrument(bean, tracing());
		}
		return null;
	}

	private McpTracing tracing() {
		McpTracing tracing = this.tracing;
		if (tracing == null) {
			tracing = this.mcpTracing.getObject();
			this.tracing = tracing;
		}
		return tracing;
	}

	// Loaded only with an SDK that has the io.modelcontextprotocol.modern API (2.2 on).
	private static final class ModernApi {

		static boolean isInstrumentable(Object bean) {
			return bean instanceof McpRequestManager
					|| bean instanceof io.modelcontextprotocol.modern.client.transport.McpClientTransport;
		}

		static @Nullable Object instrument(Object bean, McpTracing tracing) {
			if (bean instanceof McpRequestManager requestManager) {
				return tracing.instrument(requestManager);
			}
			if (bean instanceof io.modelcontextprotocol.modern.client.transport.McpClientTransport transport) {
				return tracing.instrument(transport);
			}
			return null;
		}

	}

	// Loaded only when Spring AI's MCP client auto-configuration is on the class path.
	private static final class SpringAiTransports {

		static boolean isTransport(Object bean) {
			return bean instanceof NamedClientMcpTransport;
		}

		static @Nullable Object instrument(Object bean, McpTracing tracing) {
			if (bean instanceof NamedClientMcpTransport named) {
				return new NamedClientMcpTransport(named.name(), tracing.instrument(named.transport()));
			}
			return null;
		}

	}

}
