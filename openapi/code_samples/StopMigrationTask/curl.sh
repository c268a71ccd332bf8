# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X POST "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration-task/2fb6b7e2-5eb8-4380-9d60-ce8d12b19aca/stop" \
  -H "X-Auth-Token: ${IAM_TOKEN}"
