# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X GET "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration-tasks?offset=0&limit=10&name=dcs-migration-thrc" \
  -H "X-Auth-Token: ${IAM_TOKEN}"
