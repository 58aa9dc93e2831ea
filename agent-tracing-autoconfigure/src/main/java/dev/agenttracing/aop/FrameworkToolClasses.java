package dev.agenttracing.aop;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;

import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.util.ReflectionUtils;

/**
 * Recognizes the classes that a framework finds its tools in by reflection on the bean's
 * own class: LangChain4j scans {@code getClass()} of the object handed to
 * {@code AiServices.tools(...)} for methods annotated with
 * {@code dev.langchain4j.agent.tool.Tool}, so a CGLIB subclass (whose overriding methods
 * carry no annotations) has no tools and the AI service fails to build. Such classes are
 * never proxied; the LangChain4j integration traces their executions through
 * LangChain4j's own tool-execution hooks instead. Matched by the annotation's type name,
 * so the core needs no LangChain4j dependency.
 *
 * @author agent-tracing
 */
final class FrameworkToolClasses {

	private static final String LANGCHAIN4J_TOOL = "dev.langchain4j.agent.tool.Tool";

	// Weak keys: asked for every bean class by every advisor, while beans are created.
	private static final Map<Class<?>, Boolean> cache = new ConcurrentReferenceHashMap<>();

	private FrameworkToolClasses() {
	}

	/**
	 * Whether the class, or a superclass, declares a method carrying LangChain4j's
	 * {@code @Tool}.
	 * @param type the bean class
	 * @return whether proxying it would hide its tools from LangChain4j
	 */
	static boolean isLangChain4jToolClass(Class<?> type) {
		Boolean known = cache.get(type);
		if (known == null) {
			known = declaresLangChain4jTool(type);
			cache.put(type, known);
		}
		return known;
	}

	private static boolean declaresLangChain4jTool(Class<?> type) {
		if (type.getName().startsWith("java.")) {
			return false;
		}
		for (Method method : ReflectionUtils.getAllDeclaredMethods(type)) {
			for (Annotation annotation : method.getDeclaredAnnotations()) {
				if (LANGCHAIN4J_TOOL.equals(annotation.annotationType().getName())) {
					return true;
				}
			}
		}
		return false;
	}

}
