{{/* Names and labels shared by every template. */}}

{{/* The release name when it already names the app (release `monoql` gives `monoql`). */}}
{{- define "monoql.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Selector labels: `app` is what the runbook's `-l app=monoql` selects. Never change them:
     a Deployment's selector is immutable. */}}
{{- define "monoql.selectorLabels" -}}
app: {{ include "monoql.fullname" . }}
{{- end -}}

{{- define "monoql.labels" -}}
{{ include "monoql.selectorLabels" . }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
environment: {{ .Values.environment }}
{{- end -}}

{{- define "monoql.configMapName" -}}{{ include "monoql.fullname" . }}-config{{- end -}}
{{- define "monoql.fluentdConfigMapName" -}}{{ include "monoql.fullname" . }}-fluentd{{- end -}}
{{- define "monoql.configFile" -}}/etc/monoql/config.yaml{{- end -}}

{{/* Values no environment may leave empty; `required` names the key in the error. */}}
{{- define "monoql.validate" -}}
{{- $_ := required "environment is required (dev, qa, preprod, prod or prodw)" .Values.environment -}}
{{- $_ := required "region is required" .Values.region -}}
{{- $_ := required "environmentTag is required" .Values.environmentTag -}}
{{- $_ := required "image.tag is required: --set image.tag=${BUILD_VERSION}" .Values.image.tag -}}
{{- $_ := required "serviceAccount.iamRoleArn is required" .Values.serviceAccount.iamRoleArn -}}
{{- $_ := required "fluentd.elasticsearch.endpoint is required" .Values.fluentd.elasticsearch.endpoint -}}
{{- if .Values.ingress.enabled -}}
{{- $arn := required (printf "ingress.certificateArn is required: an ACM certificate in %s" .Values.region) .Values.ingress.certificateArn -}}
{{- $parts := splitList ":" $arn -}}
{{- if and (gt (len $parts) 3) (ne (index $parts 3) .Values.region) -}}
{{- fail (printf "ingress.certificateArn is in %s but the ALB is in %s: ACM certificates are regional" (index $parts 3) .Values.region) -}}
{{- end -}}
{{- end -}}
{{- with .Values.ingress.wafAclArn -}}
{{- $waf := splitList ":" . -}}
{{- if ne (index $waf 3) $.Values.region -}}
{{- fail (printf "ingress.wafAclArn is in %s but the ALB is in %s: a regional web ACL must be in the ALB's region" (index $waf 3) $.Values.region) -}}
{{- end -}}
{{- end -}}
{{- if gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas) -}}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" -}}
{{- end -}}
{{- end -}}

{{/* CPU quantity ("500m", "2", "1.5") in millicores. */}}
{{- define "monoql.millicores" -}}
{{- $q := toString . -}}
{{- if hasSuffix "m" $q -}}
{{- trimSuffix "m" $q | int -}}
{{- else -}}
{{- mulf (float64 $q) 1000 | int -}}
{{- end -}}
{{- end -}}

{{/* gunicorn sync workers: explicit, or 2 x CPU limit (whole CPUs, rounded up) + 1, the rule
     gunicorn.conf.py applies to the cgroup limit, so a bigger limit gets more workers without a
     second knob to keep in step. */}}
{{- define "monoql.workers" -}}
{{- if gt (int .Values.gunicorn.workers) 0 -}}
{{- .Values.gunicorn.workers -}}
{{- else -}}
{{- $milli := include "monoql.millicores" .Values.resources.limits.cpu | int -}}
{{- $cpus := div (add $milli 999) 1000 | max 1 -}}
{{- add1 (mul 2 $cpus) -}}
{{- end -}}
{{- end -}}

{{/* Liveness and readiness are the same check on the heartbeat, through the nginx sidecar's port
     (gunicorn listens on the loopback only): ready means serving end to end. */}}
{{- define "monoql.probe" -}}
httpGet:
  path: {{ .Values.probes.path }}
  port: {{ .Values.service.port }}
  scheme: HTTP
initialDelaySeconds: {{ .Values.probes.initialDelaySeconds }}
timeoutSeconds: {{ .Values.probes.timeoutSeconds }}
periodSeconds: {{ .Values.probes.periodSeconds }}
failureThreshold: {{ .Values.probes.failureThreshold }}
successThreshold: {{ .Values.probes.successThreshold }}
{{- end -}}

{{- define "monoql.nginxConfigMapName" -}}{{ include "monoql.fullname" . }}-nginx{{- end -}}
{{- define "monoql.nginxConfigDir" -}}/etc/nginx/monoql{{- end -}}
{{- define "monoql.timeoutMarks" -}}{{ .Values.logs.dir }}/nginx-timeouts.marks{{- end -}}

{{/* Entries of X-Forwarded-For our own proxies append: the nginx sidecar, and the ALB in front of it
     when the Ingress is on (docs/caller.md §2). */}}
{{- define "monoql.trustedHops" -}}
{{- if .Values.ingress.enabled -}}2{{- else -}}1{{- end -}}
{{- end -}}

{{/* files/nginx/nginx.conf with its placeholders filled, as scripts/nginx_conf.py fills them for
     `make run` and the tests. Body limits follow the gateway's own (config.limits.maxBodyBytes;
     config.uploads.maxFiles x maxFileSize + 1 MiB for multipart), with the gateway's defaults. */}}
{{- define "monoql.nginxConf" -}}
{{- $limits := .Values.config.limits | default dict -}}
{{- $uploads := .Values.config.uploads | default dict -}}
{{- $maxBody := $limits.maxBodyBytes | default 1048576 | int64 -}}
{{- $maxFiles := $uploads.maxFiles | default 5 | int64 -}}
{{- $maxFileSize := $uploads.maxFileSize | default 104857600 | int64 -}}
{{- $maxUpload := add (mul $maxFiles $maxFileSize) 1048576 -}}
{{- $conf := .Files.Get "files/nginx/nginx.conf"
  | replace "@LISTEN@" (toString (int .Values.service.port))
  | replace "@UPSTREAM@" (printf "127.0.0.1:%d" (int .Values.gunicorn.port))
  | replace "@PID_FILE@" "/tmp/nginx.pid"
  | replace "@TEMP_DIR@" "/tmp"
  | replace "@ACCESS_LOG@" (printf "%s/%s" .Values.logs.dir .Values.logs.file)
  | replace "@TIMEOUT_MARKS@" (include "monoql.timeoutMarks" .)
  | replace "@MAX_BODY_BYTES@" (toString $maxBody)
  | replace "@MAX_UPLOAD_BYTES@" (toString $maxUpload)
  | replace "@HEADER_TIMEOUT@" (toString (int .Values.nginx.clientHeaderTimeoutSeconds))
  | replace "@BODY_TIMEOUT@" (toString (int .Values.nginx.clientBodyTimeoutSeconds)) -}}
{{- if regexMatch "@[A-Z][A-Z0-9_]*@" $conf -}}
{{- fail (printf "files/nginx/nginx.conf: placeholder %s has no value" (regexFind "@[A-Z][A-Z0-9_]*@" $conf)) -}}
{{- end -}}
{{- $conf -}}
{{- end -}}

{{/* The nginx sidecar's own liveness and readiness: answered by nginx, not the gateway. */}}
{{- define "monoql.nginxProbe" -}}
httpGet:
  path: /_nginx/alive
  port: http
  scheme: HTTP
initialDelaySeconds: {{ .Values.nginx.probes.initialDelaySeconds }}
timeoutSeconds: {{ .Values.nginx.probes.timeoutSeconds }}
periodSeconds: {{ .Values.nginx.probes.periodSeconds }}
failureThreshold: {{ .Values.nginx.probes.failureThreshold }}
successThreshold: {{ .Values.nginx.probes.successThreshold }}
{{- end -}}

{{/* What the ALB routes to the pods (docs/hostile-traffic.md §6): the API and the heartbeat the runbook curls,
     GraphiQL only where it is on. /metrics and /heartbeat/dependencies are for the cluster only
     (Prometheus scrapes the pods directly); every other path gets the ALB's own 404. */}}
{{- define "monoql.ingressPaths" -}}
{{- $routes := list (list "/graphql" "Exact") (list "/heartbeat" "Exact") -}}
{{- if (.Values.config.graphiql | default false) -}}
{{- $routes = concat $routes (list (list "/graphiql" "Exact") (list "/graphiql/assets" "Prefix")) -}}
{{- end -}}
{{- range $routes }}
- path: {{ index . 0 }}
  pathType: {{ index . 1 }}
  backend:
    service:
      name: {{ include "monoql.fullname" $ }}
      port:
        name: http
{{- end }}
{{- end -}}
