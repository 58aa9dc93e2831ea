package dev.agenttracing.aop;

import java.lang.reflect.Method;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.TargetClassAware;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;

/**
 * Reads the method and user class behind a join point.
 *
 * @author agent-tracing
 */
final class JoinPoints {

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

}
