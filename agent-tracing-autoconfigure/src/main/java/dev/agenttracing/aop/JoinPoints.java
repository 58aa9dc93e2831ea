package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.Map;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.TargetClassAware;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.ClassUtils;

/**
 * Reads the method and user class behind a join point.
 *
 * @author agent-tracing
 */
final class JoinPoints {

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private JoinPoints() {
	}

	static Method method(ProceedingJoinPoint pjp) {
		return ((MethodSignature) pjp.getSignature()).getMethod();
	}

	/**
	 * The class to cache per-method metadata under: the target's own class, which decides
	 * its user class, so the per-call path needs neither {@link AopUtils#getTargetClass} nor
	 * {@link ClassUtils#getUserClass} (each searches the class name). A target that reports
	 * its class itself ({@link TargetClassAware}) is asked every time.
	 * @param pjp the join point
	 * @return the class to key a cache with
	 */
	static Class<?> cacheClass(ProceedingJoinPoint pjp) {
		Object target = pjp.getTarget();
		if (target == null || target instanceof TargetClassAware) {
			return targetClass(pjp);
		}
		return target.getClass();
	}

	static Class<?> targetClass(ProceedingJoinPoint pjp) {
		Object target = pjp.getTarget();
		return (target != null) ? ClassUtils.getUserClass(AopUtils.getTargetClass(target))
				: method(pjp).getDeclaringClass();
	}

	/**
	 * The method's parameter names: compiled with {@code -parameters} these are the names in the
	 * source, otherwise {@code arg0}, {@code arg1}...
	 */
	static String[] parameterNames(Method method) {
		String[] names = PARAMETER_NAMES.getParameterNames(method);
		if (names == null) {
			names = new String[method.getParameterCount()];
			for (int i = 0; i < names.length; i++) {
				names[i] = "arg" + i;
			}
		}
		return names;
	}

	/**
	 * The arguments of a call by parameter name, in order, leaving out one position (or none
	 * when {@code skip} is negative).
	 */
	static Map<String, @Nullable Object> arguments(String[] names, @Nullable Object[] args, int skip) {
		// Lazy: read only when content is recorded.
		return new ArgumentMap(names, args, skip);
	}

}
