# Sourced by macro.sh and soak.sh: starting the processes they measure and waiting for them.

# Prints a loopback port that nothing listens on: binds one, notes it, releases it.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# await_file FILE: waits for a file a child writes (renamed into place whole), 20 s at most.
await_file() {
	for _ in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.1; done
	echo "$1 was not written" >&2
	exit 1
}

# await_sample LABEL PORT PID LOG: waits until the sample started in the background as PID answers
# /actuator/health on PORT, 60 s at most; stops the script with the sample's last output (LOG) when
# it exits first or does not answer in time.
await_sample() {
	for _ in $(seq 120); do
		curl -sf "http://127.0.0.1:$2/actuator/health" >/dev/null 2>&1 && return 0
		kill -0 "$3" 2>/dev/null || break
		sleep 0.5
	done
	echo "$1: the sample did not start; its output:" >&2
	tail -40 "$4" >&2
	exit 1
}
