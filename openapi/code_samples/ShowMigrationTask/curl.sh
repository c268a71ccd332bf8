# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X GET "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration-task/a276c1ffa0a54c2597fc824b917db317" \
  -H "X-Auth-Token: ${IAM_TOKEN}"
