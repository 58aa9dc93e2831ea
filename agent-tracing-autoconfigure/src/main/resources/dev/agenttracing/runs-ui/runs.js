/* The page of recent agent runs: reads the agentruns actuator endpoint, renders with DOM calls
 * only (textContent, never innerHTML), so recorded content cannot inject markup. */
(function () {
	'use strict';

	var CONTENT_KEYS = ['gen_ai.system_instructions', 'gen_ai.input.messages', 'gen_ai.output.messages',
		'gen_ai.tool.definitions', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result'];
	var endpoint = null;
	var agents = {};
	var timer = null;

	function $(id) { return document.getElementById(id); }

	function el(tag, className, text) {
		var node = document.createElement(tag);
		if (className) { node.className = className; }
		if (text !== undefined && text !== null) { node.textContent = String(text); }
		return node;
	}

	function cell(row, text, className) {
		var td = el('td', className, text);
		row.appendChild(td);
		return td;
	}

	function duration(ms) {
		if (ms < 100) { return ms.toFixed(1) + ' ms'; }
		if (ms < 10000) { return ms.toFixed(0) + ' ms'; }
		return (ms / 1000).toFixed(2) + ' s';
	}

	function tokens(input, output) {
		if (input == null && output == null) { return ''; }
		return (input == null ? '?' : input) + ' / ' + (output == null ? '?' : output);
	}

	function cost(value, currency) {
		return value == null ? '' : value.toFixed(6) + ' ' + (currency || '');
	}

	function showMessage(text) {
		var message = $('message');
		message.textContent = text;
		message.hidden = !text;
	}

	function get(url) {
		return fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' }).then(function (response) {
			if (response.status === 404 && url.indexOf(endpoint) === 0 && url === listUrl()) {
				throw new Error('The agentruns endpoint answered 404: expose it over HTTP with '
					+ 'management.endpoints.web.exposure.include=agentruns.');
			}
			if (response.status === 401 || response.status === 403) {
				throw new Error('Access to ' + url + ' was denied (HTTP ' + response.status + ').');
			}
			if (!response.ok) {
				throw new Error('GET ' + url + ' answered HTTP ' + response.status + '.');
			}
			return response.json();
		});
	}

	function listUrl() {
		var params = new URLSearchParams();
		['agent', 'status', 'user', 'conversation', 'limit'].forEach(function (name) {
			var value = $('filter-' + name).value.trim();
			if (value) { params.set(name, value); }
		});
		var query = params.toString();
		return endpoint + (query ? '?' + query : '');
	}

	function loadRuns() {
		return get(listUrl()).then(function (body) {
			showMessage(body.runs.length ? '' : 'No runs match. Runs appear here once an agent run has finished and been exported.');
			var usage = body.store;
			$('store').textContent = usage.runs + ' of at most ' + usage.maxRuns + ' runs kept, '
				+ Math.round(usage.bytes / 1024) + ' KiB of ' + Math.round(usage.maxBytes / 1024) + ' KiB';
			renderRuns(body.runs);
		}).catch(function (error) { showMessage(error.message); });
	}

	function renderRuns(runs) {
		var tbody = $('runs').tBodies[0];
		tbody.replaceChildren();
		runs.forEach(function (run) {
			agents[run.agent] = true;
			var row = el('tr', 'run' + (run.status === 'error' ? ' error' : '') + (run.errorCount > 0 && run.status !== 'error' ? ' has-errors' : ''));
			row.dataset.traceId = run.traceId;
			row.dataset.errors = run.errorCount;
			cell(row, new Date(run.start).toLocaleString());
			cell(row, run.agent, 'agent');
			cell(row, duration(run.durationMillis), 'num');
			cell(row, run.status + (run.errorCount > 0 && run.status !== 'error'
				? ' · ' + run.errorCount + ' span error' + (run.errorCount > 1 ? 's' : '') : ''), 'status');
			cell(row, run.errorType || '', 'error-type');
			cell(row, tokens(run.inputTokens, run.outputTokens), 'num tokens');
			cell(row, cost(run.cost, run.currency), 'num cost');
			cell(row, run.user || '', 'user');
			cell(row, run.conversation || '', 'conversation');
			cell(row, run.spanCount, 'num spans');
			cell(row, '').appendChild(el('code', null, run.traceId.substring(0, 12) + '…'));
			row.addEventListener('click', function () { location.hash = '#run/' + run.traceId; });
			tbody.appendChild(row);
		});
		var select = $('filter-agent');
		var selected = select.value;
		Object.keys(agents).sort().forEach(function (agent) {
			if (!Array.prototype.some.call(select.options, function (option) { return option.value === agent; })) {
				select.appendChild(el('option', null, agent)).value = agent;
			}
		});
		select.value = selected;
	}

	function flatten(span, depth, rows) {
		rows.push({ span: span, depth: depth });
		span.children.forEach(function (child) { flatten(child, depth + 1, rows); });
		return rows;
	}

	function spanMeta(span) {
		var a = span.attributes;
		var parts = [];
		if (a['gen_ai.usage.input_tokens'] != null || a['gen_ai.usage.output_tokens'] != null) {
			parts.push('tokens ' + tokens(a['gen_ai.usage.input_tokens'], a['gen_ai.usage.output_tokens']));
		}
		if (a['agent_tracing.usage.cost'] != null) {
			parts.push(cost(a['agent_tracing.usage.cost'], a['agent_tracing.usage.cost.currency']));
		}
		if (span.status === 'ERROR') { parts.push('ERROR ' + (a['error.type'] || '')); }
		return parts.join('  ');
	}

	function loadRun(traceId) {
		$('list-view').hidden = true;
		$('run-view').hidden = false;
		$('span-detail').hidden = true;
		$('waterfall').replaceChildren();
		return get(endpoint + '/' + encodeURIComponent(traceId)).then(function (run) {
			var s = run.summary;
			$('run-title').textContent = s.agent + ' · ' + duration(s.durationMillis) + (s.status === 'error' ? ' · ERROR ' + (s.errorType || '') : '');
			$('run-title').className = s.status === 'error' ? 'error-text' : '';
			$('run-facts').textContent = 'trace ' + s.traceId + ' · started ' + new Date(s.start).toLocaleString()
				+ ' · ' + s.spanCount + ' spans · tokens ' + (tokens(s.inputTokens, s.outputTokens) || 'none')
				+ (s.cost != null ? ' · ' + cost(s.cost, s.currency) : '')
				+ (s.user ? ' · user ' + s.user : '') + (s.conversation ? ' · conversation ' + s.conversation : '');
			renderWaterfall(run.root);
		}).catch(function (error) {
			$('run-title').textContent = error.message.indexOf('404') >= 0
				? 'Run ' + traceId + ' is not (or no longer) kept.' : error.message;
		});
	}

	function renderWaterfall(root) {
		var total = Math.max(root.durationMillis, 0.001);
		var waterfall = $('waterfall');
		flatten(root, 0, []).forEach(function (entry) {
			var span = entry.span;
			var operation = span.attributes['gen_ai.operation.name'] || '';
			var row = el('div', 'span-row' + (span.status === 'ERROR' ? ' error' : ''));
			row.dataset.spanId = span.spanId;
			row.dataset.depth = entry.depth;
			row.setAttribute('role', 'treeitem');
			var label = el('div', 'span-label');
			label.style.paddingLeft = (0.5 + entry.depth * 1.2) + 'em';
			label.appendChild(el('span', 'span-name', span.name));
			label.appendChild(el('span', 'span-meta', spanMeta(span)));
			row.appendChild(label);
			var track = el('div', 'span-track');
			var left = Math.min(100, Math.max(0, span.offsetMillis / total * 100));
			var width = Math.min(100 - left, span.durationMillis / total * 100);
			var bar = el('div', 'span-bar ' + operation + (span.status === 'ERROR' ? ' error' : ''));
			bar.style.left = left + '%';
			bar.style.width = width + '%';
			track.appendChild(bar);
			row.appendChild(track);
			row.appendChild(el('div', 'span-duration', duration(span.durationMillis)));
			row.addEventListener('click', function () { selectSpan(row, span); });
			waterfall.appendChild(row);
		});
		selectSpan(waterfall.firstChild, root);
	}

	function valueNode(key, value) {
		if (CONTENT_KEYS.indexOf(key) >= 0 || key === 'exception.stacktrace' || (typeof value === 'string' && value.length > 120)) {
			var text = value;
			if (typeof value === 'string') {
				try { text = JSON.stringify(JSON.parse(value), null, 2); } catch (e) { text = value; }
			}
			return el('pre', 'content', Array.isArray(text) ? text.join('\n') : text);
		}
		return el('span', null, Array.isArray(value) ? value.join(', ') : value);
	}

	function selectSpan(row, span) {
		Array.prototype.forEach.call(document.querySelectorAll('.span-row.selected'), function (node) {
			node.classList.remove('selected');
		});
		row.classList.add('selected');
		$('span-detail').hidden = false;
		$('span-title').textContent = span.name + ' · ' + span.kind + ' · ' + duration(span.durationMillis) + ' · ' + span.status
			+ (span.statusDescription ? ' (' + span.statusDescription + ')' : '');
		var tbody = $('span-attributes').tBodies[0];
		tbody.replaceChildren();
		Object.keys(span.attributes).sort().forEach(function (key) {
			var tr = el('tr');
			cell(tr, key);
			cell(tr, '').appendChild(valueNode(key, span.attributes[key]));
			tbody.appendChild(tr);
		});
		var events = $('span-events');
		events.replaceChildren();
		if (!span.events.length) { events.appendChild(el('p', 'muted', 'none')); }
		span.events.forEach(function (event) {
			var box = el('div', 'event' + (event.name === 'exception' ? ' exception' : ''));
			box.appendChild(el('strong', null, event.name + ' at +' + duration(event.offsetMillis)));
			Object.keys(event.attributes).forEach(function (key) {
				var line = el('div');
				line.appendChild(el('code', null, key + ': '));
				line.appendChild(valueNode(key, event.attributes[key]));
				box.appendChild(line);
			});
			events.appendChild(box);
		});
	}

	function route() {
		var match = /^#run\/([0-9a-fA-F]+)$/.exec(location.hash);
		if (match) {
			loadRun(match[1]);
		}
		else {
			$('run-view').hidden = true;
			$('list-view').hidden = false;
			loadRuns();
		}
	}

	function start() {
		$('filters').addEventListener('submit', function (event) { event.preventDefault(); loadRuns(); });
		['filter-agent', 'filter-status'].forEach(function (id) { $(id).addEventListener('change', loadRuns); });
		$('auto-refresh').addEventListener('change', function (event) {
			if (timer) { clearInterval(timer); timer = null; }
			if (event.target.checked) {
				timer = setInterval(function () { if (!$('list-view').hidden) { loadRuns(); } }, 5000);
			}
		});
		$('back').addEventListener('click', function (event) { event.preventDefault(); location.hash = ''; route(); });
		$('home').addEventListener('click', function (event) { event.preventDefault(); location.hash = ''; route(); });
		window.addEventListener('hashchange', route);
		route();
	}

	fetch('endpoint.json', { credentials: 'same-origin' }).then(function (response) { return response.json(); })
		.then(function (config) { endpoint = config.endpoint; start(); })
		.catch(function (error) { showMessage('Could not read the page configuration: ' + error.message); });
}());
