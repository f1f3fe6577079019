/** Names shared by the provisioning files, the dashboards and the alert rules. */

/** The UID of the provisioned Prometheus datasource (alert rules query it by UID). */
export const DATASOURCE_UID = 'heterodyne-prometheus';
/** The name of the provisioned Prometheus datasource, the dashboards' default. */
export const DATASOURCE_NAME = 'Heterodyne Prometheus';
/** The folder (title) the dashboards and alert rules are provisioned into. */
export const GRAFANA_FOLDER = 'Heterodyne';
/** The folder's UID. */
export const GRAFANA_FOLDER_UID = 'heterodyne';
/** The organization everything is provisioned into. */
export const GRAFANA_ORG_ID = 1;
/** Where the dashboard provider reads the dashboards inside the Grafana container. */
export const DASHBOARDS_MOUNT_PATH = '/var/lib/grafana/dashboards/heterodyne';
/** The environment variable holding the Prometheus URL. */
export const ENV_PROMETHEUS_URL = 'HETERODYNE_PROMETHEUS_URL';
/** The environment variable holding the alert webhook URL (a secret: it may carry a token). */
export const ENV_ALERT_WEBHOOK_URL = 'HETERODYNE_ALERT_WEBHOOK_URL';
