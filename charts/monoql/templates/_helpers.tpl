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

{{/* Liveness and readiness are the same check on the heartbeat. */}}
{{- define "monoql.probe" -}}
httpGet:
  path: {{ .Values.probes.path }}
  port: http
  scheme: HTTP
initialDelaySeconds: {{ .Values.probes.initialDelaySeconds }}
timeoutSeconds: {{ .Values.probes.timeoutSeconds }}
periodSeconds: {{ .Values.probes.periodSeconds }}
failureThreshold: {{ .Values.probes.failureThreshold }}
successThreshold: {{ .Values.probes.successThreshold }}
{{- end -}}
