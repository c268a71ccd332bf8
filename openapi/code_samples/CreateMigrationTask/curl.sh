# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X POST "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration-task" \
  -H "X-Auth-Token: ${IAM_TOKEN}" \
  -H "Content-Type: application/json" \
  -d '{
  "task_name": "migration1",
  "description": "Test",
  "migration_type": "backupfile_import",
  "migration_method": "full_amount_migration",
  "backup_files": {
    "file_source": "self_build_obs",
    "bucket_name": "bucketName",
    "files": [
      {
        "file_name": "fileName"
      }
    ]
  },
  "target_instance": {
    "id": "d2c8399f-bdba-43c1-8069-3ff17a1a79d5",
    "password": "<target Redis password>"
  }
}'
