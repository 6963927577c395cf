#!/usr/bin/env node
// Offline checks of the demo stack (docker-compose.yml + monitoring/), for machines without a Docker engine:
//   - the compose file passes dclint (current compose spec + the rules in dclint.json) and its services are wired as
//     the README says (sniffer in web's network namespace with only NET_RAW/NET_ADMIN, mounts that exist, ...);
//   - monitoring/alloy/config.alloy parses (alloy-syntax.mjs), uses known components and arguments, and its references
//     resolve; its loki.write points at the Loki service and port;
//   - the Loki config and the Grafana provisioning files parse and agree with each other and with compose;
//   - the dashboard is valid JSON and every LogQL query in it parses (@grafana/lezer-logql), after Grafana's own
//     variable interpolation; its label matchers, `| json` extractions, groupings and templates use names that exist;
//   - with --alerts FILE (alerts.jsonl lines written by `detect`), --incidents FILE (incidents.jsonl) and --health FILE
//     (health.jsonl): each Alloy
//     pipeline's stage.json expressions (JMESPath, as Alloy evaluates them) and the dashboard's `| json` paths of the
//     queries on that pipeline's job find their fields in real lines, the level label takes only yellow/red (status
//     only open/update/closed), and the timestamp stage can parse its source.
//
//   cd monitoring/tools && npm ci && node check-stack.mjs --alerts ../../logs/alerts.jsonl --incidents ../../logs/incidents.jsonl
//
// Exit code 0 when every check passes, 1 when one fails, 2 on a bad command line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import jmespath from "jmespath";
import YAML from "yaml";
import { parser as logqlParser } from "@grafana/lezer-logql";
import { parseAlloy, constValue, references, AlloySyntaxError } from "./alloy-syntax.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let root = path.resolve(here, "../..");
const alertFiles = [];
const incidentFiles = [];
const healthFiles = [];
let runDclint = true;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--root") root = path.resolve(args[++i] ?? "");
  else if (args[i] === "--alerts") alertFiles.push(path.resolve(args[++i] ?? ""));
  else if (args[i] === "--incidents") incidentFiles.push(path.resolve(args[++i] ?? ""));
  else if (args[i] === "--health") healthFiles.push(path.resolve(args[++i] ?? ""));
  else if (args[i] === "--no-dclint") runDclint = false;
  else if (args[i] === "--help" || args[i] === "-h") {
    console.log("usage: node check-stack.mjs [--root REPO] [--alerts alerts.jsonl]... [--incidents incidents.jsonl]... [--health health.jsonl]... [--no-dclint]");
    process.exit(0);
  } else {
    console.error(`error: unknown argument "${args[i]}" (see --help)`);
    process.exit(2);
  }
}

const results = [];
function check(name, fn) {
  const problems = [];
  try {
    fn((msg) => problems.push(msg));
  } catch (e) {
    problems.push(e instanceof AlloySyntaxError ? e.message : e.stack || String(e));
  }
  results.push({ name, problems });
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${name}`);
  for (const p of problems) console.log(`       ${p}`);
  return problems.length === 0;
}
const rel = (p) => path.relative(root, p) || ".";
const readText = (p) => fs.readFileSync(p, "utf8");
const readYaml = (p) => {
  const doc = YAML.parseDocument(readText(p), { prettyErrors: true });
  if (doc.errors.length) throw new Error(`${rel(p)}: ${doc.errors[0].message}`);
  return doc.toJS();
};

// ---------------------------------------------------------------- docker-compose.yml
const composeFile = path.join(root, "docker-compose.yml");
let compose = { services: {} };
check("docker-compose.yml passes dclint (compose spec and rules in monitoring/tools/dclint.json)", (fail) => {
  compose = readYaml(composeFile);
  if (!runDclint) return;
  const bin = path.join(here, "node_modules/dclint/bin/dclint.cjs");
  const cli = fs.existsSync(bin) ? bin : path.join(here, "node_modules/.bin/dclint");
  const r = spawnSync(process.execPath, [cli, "-c", path.join(here, "dclint.json"), "--color", "false", composeFile], {
    encoding: "utf8",
  });
  if (r.status !== 0) fail(`dclint exit ${r.status}: ${(r.stdout + r.stderr).trim()}`);
});

const services = () => compose.services ?? {};
// "./x:/y:ro" or {type, source, target} -> {source, target, bind}
function mounts(service) {
  return (service?.volumes ?? []).map((v) => {
    if (typeof v === "string") {
      const [source, target] = v.split(":");
      return { source, target, bind: source.startsWith(".") || source.startsWith("/") };
    }
    return { source: v.source, target: v.target, bind: v.type === "bind" };
  });
}
const bindTarget = (service, repoPath) =>
  mounts(service).find((m) => m.bind && path.resolve(root, m.source) === path.resolve(root, repoPath))?.target;
// The repo file seen at container path p through a bind mount, or undefined.
function hostPathOf(service, containerPath) {
  for (const m of mounts(service)) {
    if (!m.bind) continue;
    if (containerPath === m.target) return path.resolve(root, m.source);
    if (containerPath.startsWith(m.target + "/")) return path.resolve(root, m.source, containerPath.slice(m.target.length + 1));
  }
  return undefined;
}
const argv = (service) => (Array.isArray(service?.command) ? service.command : String(service?.command ?? "").split(/\s+/));

check("compose services are wired as documented", (fail) => {
  const s = services();
  for (const name of ["web", "sniffer", "detector", "attacker", "loki", "alloy", "grafana"]) {
    if (!s[name]) fail(`service "${name}" is missing`);
  }
  for (const [name, svc] of Object.entries(s)) {
    if (svc.privileged) fail(`service "${name}" is privileged`);
    if (svc.image && (/:latest$/.test(svc.image) || !svc.image.includes(":"))) fail(`service "${name}": pin the image tag (${svc.image})`);
    for (const m of mounts(svc)) {
      if (m.bind && !fs.existsSync(path.resolve(root, m.source))) fail(`service "${name}" mounts missing ${m.source}`);
    }
    for (const p of svc.ports ?? []) {
      if (!String(p).startsWith("127.0.0.1:")) fail(`service "${name}" publishes ${p} on every interface`);
    }
  }
  const sniffer = s.sniffer ?? {};
  if (sniffer.network_mode !== "service:web") fail(`sniffer must share web's network namespace (network_mode: "service:web")`);
  const caps = [...(sniffer.cap_add ?? [])].sort().join(",");
  if (caps !== "NET_ADMIN,NET_RAW") fail(`sniffer adds capabilities [${caps}], expected exactly NET_RAW and NET_ADMIN`);
  if (!(sniffer.cap_drop ?? []).includes("ALL")) fail("sniffer should drop ALL other capabilities");
  for (const name of ["detector", "loki", "alloy", "grafana"]) {
    if ((s[name]?.cap_add ?? []).length) fail(`service "${name}" adds capabilities`);
    if (s[name]?.user === "root" || s[name]?.user === "0") fail(`service "${name}" runs as root`);
  }
  const dockerfile = s.detector?.build?.dockerfile;
  if (dockerfile) {
    const text = readText(path.join(root, s.detector.build.context ?? ".", dockerfile));
    const users = [...text.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    if (!users.length || ["root", "0"].includes(users[users.length - 1])) fail(`${dockerfile}: the final USER must not be root`);
  } else {
    fail("detector must build the project's image (build.dockerfile)");
  }
  const flowsOf = (svc) => mounts(svc).find((m) => !m.bind && m.target === "/app/data/flows")?.source;
  if (!flowsOf(sniffer) || flowsOf(sniffer) !== flowsOf(s.detector)) fail("sniffer and detector must share the flows volume at /app/data/flows");
});

// ---------------------------------------------------------------- Alloy
const alloyFile = path.join(root, "monitoring/alloy/config.alloy");
// Arguments and blocks of the components this stack may use (Alloy 1.x reference), and what each exports.
const COMPONENTS = {
  "local.file_match": { args: ["path_targets", "sync_period", "ignore_older_than"], required: ["path_targets"], blocks: [], exports: ["targets"] },
  "loki.source.file": {
    args: ["targets", "forward_to", "encoding", "tail_from_end", "legacy_positions_file"],
    required: ["targets", "forward_to"],
    blocks: ["decompression", "file_watch"],
    exports: [],
  },
  "loki.process": { args: ["forward_to"], required: ["forward_to"], blocks: ["stage.*"], exports: ["receiver"] },
  "loki.write": { args: ["external_labels", "max_streams"], required: [], blocks: ["endpoint", "wal"], requiredBlocks: ["endpoint"], exports: ["receiver"] },
  "loki.relabel": { args: ["forward_to", "max_cache_size"], required: ["forward_to"], blocks: ["rule"], exports: ["receiver", "rules"] },
  logging: { args: ["level", "format", "write_to"], required: [], blocks: [], exports: [], unlabelled: true },
  livedebugging: { args: ["enabled"], required: [], blocks: [], exports: [], unlabelled: true },
};
const STAGES = {
  "stage.json": { args: ["expressions", "source", "drop_malformed"], required: ["expressions"] },
  "stage.labels": { args: ["values"], required: ["values"] },
  "stage.structured_metadata": { args: ["values", "regex"], required: [] },
  "stage.timestamp": {
    args: ["source", "format", "fallback_formats", "location", "action_on_failure"],
    required: ["source", "format"],
  },
  "stage.static_labels": { args: ["values"], required: ["values"] },
  "stage.label_drop": { args: ["values"], required: ["values"] },
  "stage.label_keep": { args: ["values"], required: ["values"] },
  "stage.drop": { args: ["source", "separator", "expression", "value", "older_than", "longer_than", "drop_counter_reason"], required: [] },
  "stage.template": { args: ["source", "template"], required: ["source", "template"] },
  "stage.output": { args: ["source"], required: ["source"] },
};
const ENDPOINT_ARGS = ["url", "name", "headers", "batch_wait", "batch_size", "remote_timeout", "tenant_id", "min_backoff_period",
  "max_backoff_period", "max_backoff_retries", "retry_on_http_429", "proxy_url", "bearer_token", "bearer_token_file"];
const STDLIB_ROOTS = new Set(["sys", "env", "constants", "json_decode", "yaml_decode", "coalesce", "concat", "format", "join",
  "nonsensitive", "array", "encoding", "string", "convert", "file", "import"]);

// What config.alloy declares, one pipeline per file it tails (local.file_match -> loki.source.file -> loki.process):
// json expressions, labels, structured metadata, timestamp, the tailed paths and their static labels (job).
let pipelines; // kind ("alerts" | "incidents", from the tailed file's name) -> pipeline
const KINDS = { "alerts.jsonl": "alerts", "incidents.jsonl": "incidents", "health.jsonl": "health" };
const REQUIRED_LABEL = { alerts: "level", incidents: "status", health: "type" };
const LABEL_VALUES = {
  level: ["yellow", "red"],
  status: ["open", "update", "closed"],
  key_kind: ["source", "service"],
  type: ["batch", "heartbeat", "drift"],
};
const pipelineOfJob = (job) => Object.values(pipelines ?? {}).find((p) => p.staticLabels.job === job);
check("monitoring/alloy/config.alloy parses and its components, arguments and references are valid", (fail) => {
  const body = parseAlloy(readText(alloyFile), rel(alloyFile));
  const declared = new Map(); // "name.label" -> block
  const attrs = (block) => Object.fromEntries(block.body.filter((s) => s.kind === "attr").map((s) => [s.name, s]));
  for (const st of body) {
    if (st.kind !== "block") {
      fail(`line ${st.line}: top-level attribute "${st.name}" (only blocks are allowed here)`);
      continue;
    }
    const spec = COMPONENTS[st.name];
    if (!spec) {
      fail(`line ${st.line}: unknown component "${st.name}"`);
      continue;
    }
    if (!spec.unlabelled && !st.label) fail(`line ${st.line}: component "${st.name}" needs a label`);
    const key = `${st.name}.${st.label ?? ""}`;
    if (declared.has(key)) fail(`line ${st.line}: ${st.name} "${st.label}" declared twice`);
    declared.set(key, st);
    const a = attrs(st);
    for (const s of st.body) {
      if (s.kind === "attr" && !spec.args.includes(s.name)) fail(`line ${s.line}: ${st.name} has no argument "${s.name}"`);
      if (s.kind === "block" && !spec.blocks.some((b) => b === s.name || (b === "stage.*" && s.name.startsWith("stage.")))) {
        fail(`line ${s.line}: ${st.name} has no block "${s.name}"`);
      }
    }
    for (const r of spec.required) if (!a[r]) fail(`line ${st.line}: ${st.name} "${st.label}" lacks required argument "${r}"`);
    for (const r of spec.requiredBlocks ?? []) {
      if (!st.body.some((s) => s.kind === "block" && s.name === r)) fail(`line ${st.line}: ${st.name} "${st.label}" lacks block "${r}"`);
    }
  }
  // references: component.name.label.export
  for (const st of body.filter((s) => s.kind === "block")) {
    const walk = (stmts) => {
      for (const s of stmts) {
        if (s.kind === "block") {
          walk(s.body);
          continue;
        }
        for (const ref of references(s.value)) {
          const p = ref.path;
          if (STDLIB_ROOTS.has(p[0])) continue;
          let found = false;
          for (const [name, spec] of Object.entries(COMPONENTS)) {
            const parts = name.split(".");
            if (p.length === parts.length + 2 && parts.every((x, i) => p[i] === x)) {
              found = true;
              const label = p[parts.length];
              const exp = p[parts.length + 1];
              if (!declared.has(`${name}.${label}`)) fail(`line ${ref.line}: "${p.join(".")}" refers to an undeclared ${name} "${label}"`);
              else if (!spec.exports.includes(exp)) fail(`line ${ref.line}: ${name} exports no "${exp}"`);
            }
          }
          if (!found) fail(`line ${ref.line}: unknown reference "${p.join(".")}"`);
        }
      }
    };
    walk(st.body);
  }
  // each loki.source.file reads from a local.file_match and forwards into a loki.process, which forwards to loki.write
  const blocks = (name) => body.filter((s) => s.kind === "block" && s.name === name);
  const refOf = (block, attr, prefix) => {
    const a = block && attrs(block)[attr];
    for (const r of a ? references(a.value) : []) if (r.path.slice(0, prefix.length).join(".") === prefix.join(".")) return r.path[prefix.length];
    return undefined;
  };
  const writeUrls = [];
  for (const w of blocks("loki.write")) {
    for (const ep of w.body.filter((s) => s.kind === "block" && s.name === "endpoint")) {
      const a = attrs(ep);
      for (const s of ep.body) if (s.kind !== "attr" || !ENDPOINT_ARGS.includes(s.name)) fail(`line ${s.line}: endpoint has no "${s.name}"`);
      const url = a.url ? constValue(a.url.value) : undefined;
      if (typeof url !== "string") fail(`line ${ep.line}: endpoint needs a constant url`);
      else writeUrls.push(url);
    }
  }
  pipelines = {};
  for (const src of blocks("loki.source.file")) {
    const matchLabel = refOf(src, "targets", ["local", "file_match"]);
    const procLabel = refOf(src, "forward_to", ["loki", "process"]);
    const fm = blocks("local.file_match").find((b) => b.label === matchLabel);
    const proc = blocks("loki.process").find((b) => b.label === procLabel);
    if (!fm || !proc) {
      fail(`line ${src.line}: loki.source.file "${src.label}" must read a local.file_match and forward to a loki.process`);
      continue;
    }
    const pipeline = { json: {}, labels: {}, metadata: {}, timestamp: undefined, staticLabels: {}, paths: [], writeUrls };
    const targets = constValue(attrs(fm).path_targets?.value);
    if (!Array.isArray(targets)) fail(`line ${fm.line}: path_targets must be a constant list of objects`);
    for (const t of Array.isArray(targets) ? targets : []) {
      if (!t.__path__) fail(`line ${fm.line}: a path target lacks "__path__"`);
      else pipeline.paths.push(t.__path__);
      for (const [k, v] of Object.entries(t)) if (!k.startsWith("__")) pipeline.staticLabels[k] = v;
    }
    const kinds = new Set(pipeline.paths.map((p) => KINDS[path.posix.basename(p)]));
    if (kinds.size !== 1 || kinds.has(undefined)) {
      fail(`line ${fm.line}: local.file_match "${fm.label}" must tail alerts.jsonl, incidents.jsonl or health.jsonl, got ${pipeline.paths.join(", ")}`);
      continue;
    }
    const kind = [...kinds][0];
    if (pipelines[kind]) fail(`line ${fm.line}: ${kind} tailed twice`);
    if (!pipeline.staticLabels.job) fail(`line ${fm.line}: the ${kind} target needs a "job" label (the dashboard selects on it)`);
    pipelines[kind] = pipeline;
    readProcess(proc, pipeline, fail, attrs);
  }
  for (const kind of Object.values(KINDS)) if (!pipelines[kind]) fail(`no pipeline tails ${kind}.jsonl`);
  const jobs = Object.values(pipelines).map((p) => p.staticLabels.job);
  if (new Set(jobs).size !== jobs.length) fail(`each tailed file needs its own job label, got ${jobs.join(", ")}`);
  for (const [kind, p] of Object.entries(pipelines)) {
    const labelNames = [...Object.keys(p.labels), ...Object.keys(p.staticLabels)];
    for (const l of labelNames) {
      if (/ip|addr|port|community|^key$/i.test(l)) fail(`"${l}" must not be a Loki label (high cardinality): use structured metadata`);
    }
    if (!p.labels[REQUIRED_LABEL[kind]]) fail(`the ${kind} pipeline's stage.labels must set the "${REQUIRED_LABEL[kind]}" label`);
  }
});

/** Reads one loki.process's stages into {@code pipeline}. */
function readProcess(proc, pipeline, fail, attrs) {
  const stages = proc.body.filter((s) => s.kind === "block");
  const extracted = new Set();
  for (const stage of stages) {
    const spec = STAGES[stage.name];
    if (!spec) {
      fail(`line ${stage.line}: unknown stage "${stage.name}"`);
      continue;
    }
    const a = attrs(stage);
    for (const s of stage.body) if (s.kind !== "attr" || !spec.args.includes(s.name)) fail(`line ${s.line}: ${stage.name} has no "${s.name}"`);
    for (const r of spec.required) if (!a[r]) fail(`line ${stage.line}: ${stage.name} lacks "${r}"`);
    const map = (attr) => {
      const v = attr ? constValue(attr.value) : {};
      if (v === undefined || typeof v !== "object" || Array.isArray(v)) {
        fail(`line ${attr.line}: ${stage.name} ${attr.name} must be a constant object`);
        return {};
      }
      return v;
    };
    if (stage.name === "stage.json") {
      for (const [k, expr] of Object.entries(map(a.expressions))) {
        const e = expr === "" ? k : expr;
        try {
          jmespath.compile(e);
        } catch (err) {
          fail(`line ${a.expressions.line}: stage.json expression for "${k}" is not valid JMESPath: ${err.message}`);
        }
        pipeline.json[k] = e;
        extracted.add(k);
      }
    }
    const needExtracted = (what, source, line) => {
      if (!extracted.has(source)) fail(`line ${line}: ${what} uses "${source}", which no earlier stage.json extracts`);
    };
    if (stage.name === "stage.labels" || stage.name === "stage.structured_metadata") {
      const target = stage.name === "stage.labels" ? pipeline.labels : pipeline.metadata;
      for (const [k, v] of Object.entries(map(a.values))) {
        const source = v === "" || v === null ? k : v;
        target[k] = source;
        needExtracted(`${stage.name} "${k}"`, source, a.values.line);
        if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k)) fail(`line ${a.values.line}: "${k}" is not a valid Loki label name`);
      }
    }
    if (stage.name === "stage.timestamp") {
      const source = constValue(a.source?.value);
      const format = constValue(a.format?.value);
      pipeline.timestamp = { source, format };
      needExtracted("stage.timestamp", source, stage.line);
      if (!["RFC3339", "RFC3339Nano", "UnixMs", "UnixUs", "UnixNs", "Unix"].includes(format)) {
        fail(`line ${stage.line}: stage.timestamp format "${format}" is not one these checks know how to verify`);
      }
      const action = a.action_on_failure ? constValue(a.action_on_failure.value) : "fudge";
      if (!["skip", "fudge"].includes(action)) fail(`line ${stage.line}: action_on_failure must be "skip" or "fudge"`);
    }
  }
  for (const name of ["stage.json", "stage.labels", "stage.structured_metadata", "stage.timestamp"]) {
    if (!stages.some((s) => s.name === name)) fail(`loki.process "${proc.label}" lacks ${name}`);
  }
  if (stages[0]?.name !== "stage.json") fail(`stage.json must be the first stage of loki.process "${proc.label}"`);
}

check("Alloy is wired to the detector's alerts.jsonl, incidents.jsonl and health.jsonl and to the Loki service in docker-compose.yml", (fail) => {
  if (!pipelines) throw new Error("config.alloy did not parse");
  const alloy = services().alloy ?? {};
  const cmd = argv(alloy);
  const configPath = cmd.find((a) => a.endsWith(".alloy"));
  if (!configPath || hostPathOf(alloy, configPath) !== alloyFile) fail(`alloy's command must run ${rel(alloyFile)} (mounted), got: ${cmd.join(" ")}`);
  const detector = services().detector ?? {};
  const logsDir = detector.environment?.IDS_LOGS_DIR;
  const logsVolume = mounts(detector).find((m) => m.target === logsDir)?.source;
  if (!logsDir || !logsVolume) fail("detector must mount a volume at its IDS_LOGS_DIR");
  for (const p of Object.values(pipelines).flatMap((x) => x.paths)) {
    const m = mounts(alloy).find((x) => path.posix.dirname(p) === x.target);
    if (!m || m.source !== logsVolume) fail(`Alloy's ${p} is not in the volume "${logsVolume}" where the detector writes its alerts`);
  }
  const lokiCfg = readYaml(path.join(root, "monitoring/loki/loki.yml"));
  const port = lokiCfg?.server?.http_listen_port ?? 3100;
  for (const url of Object.values(pipelines)[0]?.writeUrls ?? []) {
    const u = new URL(url);
    if (!services()[u.hostname]) fail(`loki.write url ${url}: no compose service "${u.hostname}"`);
    if (u.hostname === "loki" && Number(u.port) !== port) fail(`loki.write url ${url}: Loki listens on ${port}`);
    if (u.pathname !== "/loki/api/v1/push") fail(`loki.write url ${url}: the push path is /loki/api/v1/push`);
  }
});

// ---------------------------------------------------------------- Loki + Grafana provisioning
let datasourceUids = new Set();
check("monitoring/loki/loki.yml parses and accepts structured metadata", (fail) => {
  const lokiFile = path.join(root, "monitoring/loki/loki.yml");
  const cfg = readYaml(lokiFile);
  const loki = services().loki ?? {};
  const cfgArg = argv(loki).find((a) => a.startsWith("-config.file="));
  if (!cfgArg || hostPathOf(loki, cfgArg.split("=")[1]) !== lokiFile) fail("the loki service must run with -config.file= pointing at monitoring/loki/loki.yml");
  if (cfg?.limits_config?.allow_structured_metadata !== true) fail("limits_config.allow_structured_metadata must be true (Alloy sends IPs as structured metadata)");
  const schemas = cfg?.schema_config?.configs ?? [];
  if (!schemas.length) fail("schema_config.configs is empty");
  const last = schemas[schemas.length - 1] ?? {};
  if (!/^v1[3-9]$/.test(last.schema ?? "") || last.store !== "tsdb") fail(`the newest schema must be tsdb v13+ for structured metadata, got ${last.store} ${last.schema}`);
});

check("Grafana provisioning (datasource, dashboard provider) parses and matches docker-compose.yml", (fail) => {
  const grafana = services().grafana ?? {};
  const provDir = path.join(root, "monitoring/grafana/provisioning");
  if (bindTarget(grafana, "monitoring/grafana/provisioning") !== "/etc/grafana/provisioning") fail("grafana must mount monitoring/grafana/provisioning at /etc/grafana/provisioning");
  const lokiPort = readYaml(path.join(root, "monitoring/loki/loki.yml"))?.server?.http_listen_port ?? 3100;
  const dsFiles = fs.readdirSync(path.join(provDir, "datasources")).filter((f) => /\.ya?ml$/.test(f));
  if (!dsFiles.length) fail("no datasource file in provisioning/datasources");
  for (const f of dsFiles) {
    const ds = readYaml(path.join(provDir, "datasources", f));
    if (ds.apiVersion !== 1) fail(`datasources/${f}: apiVersion must be 1`);
    for (const d of ds.datasources ?? []) {
      if (!d.name || !d.type || !d.uid) fail(`datasources/${f}: every datasource needs name, type and uid`);
      datasourceUids.add(d.uid);
      if (d.type === "loki") {
        const u = new URL(d.url);
        if (!services()[u.hostname] || Number(u.port) !== lokiPort) fail(`datasources/${f}: ${d.url} is not the loki service on port ${lokiPort}`);
      }
    }
  }
  const dbFiles = fs.readdirSync(path.join(provDir, "dashboards")).filter((f) => /\.ya?ml$/.test(f));
  if (!dbFiles.length) fail("no dashboard provider in provisioning/dashboards");
  for (const f of dbFiles) {
    const db = readYaml(path.join(provDir, "dashboards", f));
    if (db.apiVersion !== 1) fail(`dashboards/${f}: apiVersion must be 1`);
    for (const p of db.providers ?? []) {
      if (p.type !== "file") fail(`dashboards/${f}: provider "${p.name}" must be of type file`);
      const host = hostPathOf(grafana, p.options?.path ?? "");
      if (!host || !fs.existsSync(host)) fail(`dashboards/${f}: provider path ${p.options?.path} is not a mounted folder`);
    }
  }
  const home = grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
  if (home && !fs.existsSync(hostPathOf(grafana, home) ?? "/nonexistent")) fail(`GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ${home} is not a mounted file`);
  if (grafana.environment?.GF_AUTH_ANONYMOUS_ENABLED !== "true" || grafana.environment?.GF_AUTH_ANONYMOUS_ORG_ROLE !== "Viewer") {
    fail("grafana must allow anonymous viewers (GF_AUTH_ANONYMOUS_ENABLED=true, GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer)");
  }
});

// ---------------------------------------------------------------- dashboard
// Grafana interpolates its variables before a query reaches Loki; do the same before parsing.
const interpolate = (q) => q.replace(/\$\{?__(range|auto|interval|rate_interval)(_ms|_s)?\}?/g, "5m");
const dashboards = fs
  .readdirSync(path.join(root, "monitoring/grafana/dashboards"))
  .filter((f) => f.endsWith(".json"))
  .map((f) => path.join(root, "monitoring/grafana/dashboards", f));
const queries = []; // {file, panel, expr, tree, text}
check("dashboards are valid JSON and every LogQL query parses (@grafana/lezer-logql)", (fail) => {
  if (!dashboards.length) fail("no dashboard JSON in monitoring/grafana/dashboards");
  for (const file of dashboards) {
    let dash;
    try {
      dash = JSON.parse(readText(file));
    } catch (e) {
      fail(`${rel(file)}: not valid JSON: ${e.message}`);
      continue;
    }
    if (!dash.uid || !dash.title || !Array.isArray(dash.panels)) fail(`${rel(file)}: needs uid, title and panels`);
    const all = [];
    const collect = (panels) => panels?.forEach((p) => (all.push(p), collect(p.panels)));
    collect(dash.panels);
    for (const p of all) {
      if (p.type === "row") continue;
      if (!p.targets?.length) fail(`${rel(file)}: panel "${p.title}" has no query`);
      for (const t of p.targets ?? []) {
        const uid = t.datasource?.uid ?? p.datasource?.uid;
        if (!datasourceUids.has(uid)) fail(`${rel(file)}: panel "${p.title}" uses datasource uid "${uid}", not a provisioned one`);
        const text = interpolate(t.expr ?? "");
        const tree = logqlParser.parse(text);
        const errors = [];
        tree.iterate({ enter: (n) => void (n.type.isError && errors.push(n.from)) });
        if (!text.trim()) fail(`${rel(file)}: panel "${p.title}" query ${t.refId} is empty`);
        else if (errors.length) fail(`${rel(file)}: panel "${p.title}" query ${t.refId} does not parse at offset ${errors[0]}: ${text.slice(Math.max(0, errors[0] - 20), errors[0] + 20)}`);
        else queries.push({ file, panel: p.title, refId: t.refId, text, tree });
      }
    }
    const titles = all.map((p) => p.title.toLowerCase());
    for (const need of ["incidents", "alerts per minute by level", "top source ips", "top destination ports", "score distribution", "latest alerts"]) {
      if (!titles.some((t) => t.includes(need))) fail(`${rel(file)}: no panel "${need}"`);
    }
  }
});

// What each query relies on: stream matchers, `| json` extractions, groupings, unwraps and template fields.
function queryNames(q) {
  const out = { matchers: [], extractions: [], used: [] };
  const s = (n) => q.text.slice(n.from, n.to);
  const unquote = (t) => JSON.parse(t);
  q.tree.iterate({
    enter: (n) => {
      const kids = [];
      for (let c = n.node.firstChild; c; c = c.nextSibling) kids.push(c);
      if (n.name === "Matcher") out.matchers.push({ name: s(kids[0]), op: s(kids[1]), value: unquote(s(kids[2])) });
      if (n.name === "LabelExtractionExpression") out.extractions.push({ name: s(kids[0]), path: unquote(s(kids[2])) });
      if (n.name === "Labels" || n.name === "KeepLabel" || n.name === "UnwrapExpr") kids.filter((k) => k.name === "Identifier").forEach((k) => out.used.push(s(k)));
      if (n.name === "LineFormatExpr") {
        const tpl = unquote(s(kids.find((k) => k.name === "String")));
        for (const m of tpl.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)/g)) out.used.push(m[1]);
      }
    },
  });
  return out;
}

// The pipeline whose lines a query reads: the one whose job label it selects.
function pipelineOf(q, fail) {
  const where = `panel "${q.panel}" ${q.refId}`;
  const job = queryNames(q).matchers.find((m) => m.name === "job" && m.op === "=");
  const p = job && pipelineOfJob(job.value);
  if (!p) fail(`${where}: selects no job Alloy ships (${Object.values(pipelines ?? {}).map((x) => `job="${x.staticLabels.job}"`).join(", ")})`);
  return p;
}

check("dashboard queries use the labels Alloy sets and names they extract", (fail) => {
  if (!pipelines) throw new Error("config.alloy did not parse");
  for (const q of queries) {
    const where = `panel "${q.panel}" ${q.refId}`;
    const names = queryNames(q);
    if (!names.matchers.length) fail(`${where}: no stream selector`);
    const pipeline = pipelineOf(q, fail);
    if (!pipeline) continue;
    const streamLabels = new Set([...Object.keys(pipeline.labels), ...Object.keys(pipeline.staticLabels)]);
    const metadata = new Set(Object.keys(pipeline.metadata));
    for (const m of names.matchers) {
      if (!streamLabels.has(m.name)) fail(`${where}: selects on "${m.name}", which Alloy never sets as a label of job "${pipeline.staticLabels.job}"`);
      if (m.name in pipeline.staticLabels && m.op === "=" && m.value !== pipeline.staticLabels[m.name]) fail(`${where}: ${m.name}="${m.value}" but Alloy sets "${pipeline.staticLabels[m.name]}"`);
      if (m.op === "=" && LABEL_VALUES[m.name] && !LABEL_VALUES[m.name].includes(m.value)) fail(`${where}: ${m.name}="${m.value}" never happens (${LABEL_VALUES[m.name].join(", ")})`);
    }
    const extracted = new Set(names.extractions.map((e) => e.name));
    for (const u of names.used) {
      if (!extracted.has(u) && !streamLabels.has(u) && !metadata.has(u)) fail(`${where}: uses "${u}", which is neither extracted, a label, nor structured metadata`);
    }
  }
});

// ---------------------------------------------------------------- real alert lines
// Loki's `| json name="a.b[0].c"` path syntax: fields, [index] and ["quoted field"].
function lokiJsonPath(obj, expr) {
  const re = /\s*(?:\.?([A-Za-z_@][A-Za-z0-9_@-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/y;
  let cur = obj;
  let i = 0;
  while (i < expr.length) {
    re.lastIndex = i;
    const m = re.exec(expr);
    if (!m) throw new Error(`bad json path "${expr}" at ${i}`);
    i = re.lastIndex;
    const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(`"${m[3]}"`));
    if (cur === null || typeof cur !== "object") return undefined;
    cur = cur[key];
  }
  return cur;
}
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const IP_LIKE = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+:[0-9a-f:]*$/i;

for (const [kind, files] of [["alerts", alertFiles], ["incidents", incidentFiles], ["health", healthFiles]]) {
  if (!files.length) {
    console.log(`skip ${kind}-line checks (no --${kind} FILE given)`);
    continue;
  }
  const lines = [];
  check(`${kind} lines are JSON objects (${files.map(rel).join(", ")})`, (fail) => {
    for (const f of files) {
      readText(f)
        .split("\n")
        .forEach((line, i) => {
          if (!line.trim()) return;
          try {
            const v = JSON.parse(line);
            if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
            lines.push({ where: `${rel(f)}:${i + 1}`, obj: v });
          } catch (e) {
            fail(`${rel(f)}:${i + 1}: ${e.message}`);
          }
        });
    }
    if (!lines.length) fail(`no ${kind} lines to check`);
  });

  check(`Alloy's stage.json / labels / structured_metadata / timestamp work on real ${kind} lines`, (fail) => {
    const pipeline = pipelines?.[kind];
    if (!pipeline) throw new Error(`config.alloy has no ${kind} pipeline`);
    const seen = {};
    const mustAlways = new Set([...Object.values(pipeline.labels), pipeline.timestamp?.source]);
    for (const { where, obj } of lines) {
      const extracted = {};
      for (const [k, e] of Object.entries(pipeline.json)) {
        const v = jmespath.search(obj, e);
        // Alloy keeps non-string values and turns arrays/objects back into JSON text
        extracted[k] = v === null || v === undefined ? undefined : typeof v === "object" ? JSON.stringify(v) : String(v);
        if (extracted[k] !== undefined) seen[k] = true;
        else if (mustAlways.has(k)) fail(`${where}: stage.json "${k}" = ${JSON.stringify(e)} finds nothing, yet a label or the timestamp needs it`);
      }
      for (const [label, source] of Object.entries(pipeline.labels)) {
        const v = extracted[source];
        if (LABEL_VALUES[label] && v !== undefined && !LABEL_VALUES[label].includes(v)) fail(`${where}: ${label} label would be "${v}", not ${LABEL_VALUES[label].join("/")}`);
        if (v !== undefined && IP_LIKE.test(v)) fail(`${where}: label "${label}" would hold an address (${v})`);
      }
      const ts = pipeline.timestamp;
      if (ts && extracted[ts.source] !== undefined) {
        const v = extracted[ts.source];
        const ok = ts.format.startsWith("RFC3339") ? RFC3339.test(v) && !Number.isNaN(Date.parse(v)) : /^\d+(\.\d+)?$/.test(v);
        if (!ok) fail(`${where}: stage.timestamp cannot parse ${ts.source}="${v}" as ${ts.format}`);
      }
      // the contract between levels and ECS severities (CONTRACTS.md: 2 yellow, 3 red)
      if (kind === "health") continue;
      const level = kind === "alerts" ? (jmespath.search(obj, "ids.level") ?? obj["ids.level"]) : obj.severity;
      const severity = jmespath.search(obj, "event.severity") ?? obj["event.severity"];
      if ({ yellow: 2, red: 3 }[level] !== severity) fail(`${where}: level ${level} with event.severity ${severity} (expected 2 yellow, 3 red)`);
    }
    for (const k of Object.keys(pipeline.json)) if (!seen[k]) fail(`stage.json "${k}" = ${JSON.stringify(pipeline.json[k])} finds nothing in any ${kind} line`);
  });

  check(`the dashboard's \`| json\` paths find their fields in real ${kind} lines`, (fail) => {
    const seen = new Map();
    for (const q of queries) {
      if (pipelineOf(q, () => {}) !== pipelines?.[kind]) continue;
      for (const e of queryNames(q).extractions) seen.set(e.path, { ...e, panel: q.panel, found: false });
    }
    for (const { obj } of lines) {
      for (const e of seen.values()) {
        const v = lokiJsonPath(obj, e.path);
        if (v !== undefined && v !== null && typeof v !== "object") e.found = true;
      }
    }
    for (const e of seen.values()) if (!e.found) fail(`panel "${e.panel}": | json ${e.name}="${e.path}" finds no scalar in any ${kind} line`);
  });
}

const failed = results.filter((r) => r.problems.length);
console.log(`stack checks: ${results.length - failed.length} ok, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
