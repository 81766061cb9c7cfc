local grafana = import 'grafonnet/grafana.libsonnet';

grafana.dashboard.new('Platform', tags=['platform'])
.addPanel(
  grafana.graphPanel.new('Requests', datasource='prometheus')
  .addTarget(grafana.prometheus.target('sum(rate(http_requests_total[5m]))')),
  gridPos={ x: 0, y: 0, w: 12, h: 8 },
)
